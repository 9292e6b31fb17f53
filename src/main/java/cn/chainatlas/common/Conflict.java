package cn.chainatlas.common;

/** The request is understood, but the thing it acts on is not in a state that allows it: 409. */
public class Conflict extends DomainError {
    public Conflict(String message) {
        super(409, "conflict", message);
    }
}
