package cn.chainatlas.security;

/** Thrown by a service when the actor's role or scope does not allow the operation; answered with 403. */
public class Forbidden extends RuntimeException {
    public Forbidden(String message) {
        super(message);
    }
}
