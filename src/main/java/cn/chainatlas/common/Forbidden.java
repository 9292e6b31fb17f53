package cn.chainatlas.common;

/** The actor's role or scope does not allow this: 403 with a message that names the role or the scope. */
public class Forbidden extends DomainError {
    public Forbidden(String message) {
        super(403, "forbidden", message);
    }
}
