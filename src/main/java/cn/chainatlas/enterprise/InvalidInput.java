package cn.chainatlas.enterprise;

/** A request value that cannot be used as given (answered with 400 and the message). */
public class InvalidInput extends RuntimeException {
    public InvalidInput(String message) {
        super(message);
    }
}
