package cn.chainatlas.excel;

import cn.chainatlas.common.DomainError;

/**
 * The whole file cannot be read (or must not be): nothing of it is applied. Carries a code (FILE_TOO_LARGE,
 * NOT_A_SPREADSHEET, …) and a Chinese message; answered with 413 for an oversized file, else 422.
 */
public class FileRejected extends DomainError {

    public FileRejected(String code, String message) {
        super("FILE_TOO_LARGE".equals(code) ? 413 : 422, code, message);
    }

    public FileRejected(String code, String message, Throwable cause) {
        super("FILE_TOO_LARGE".equals(code) ? 413 : 422, code, message, cause);
    }

    /** Scripts read the refusal's code under "code" as well as under "error". */
    @Override
    public java.util.Map<String, Object> details() {
        return java.util.Map.of("code", code());
    }
}
