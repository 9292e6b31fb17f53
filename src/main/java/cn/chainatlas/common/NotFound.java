package cn.chainatlas.common;

/** Something named in the request does not exist: 404 with a message that names it. */
public class NotFound extends DomainError {
    public NotFound(String message) {
        super(404, "not_found", message);
    }
}
