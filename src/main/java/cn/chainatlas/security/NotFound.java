package cn.chainatlas.security;

/** Something named in the request does not exist: 404 with a message that names it. */
public class NotFound extends RuntimeException {
    public NotFound(String message) {
        super(message);
    }
}
