package cn.chainatlas.excel;

/** The whole file cannot be read (or must not be): nothing of it is applied. Carries a code and a Chinese message. */
public class FileRejected extends RuntimeException {

    private final String code;

    public FileRejected(String code, String message) {
        super(message);
        this.code = code;
    }

    public FileRejected(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
