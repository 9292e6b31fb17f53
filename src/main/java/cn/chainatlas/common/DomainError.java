package cn.chainatlas.common;

import java.util.Map;

/**
 * A refusal a person can understand: the HTTP status it is answered with, a stable code for scripts, and a
 * Chinese message that says what is wrong and where. One handler answers every DomainError, as JSON
 * {@code {error, message[, field], …details}} under {@code /api/} and as the styled error page for pages; the
 * message is the whole body, so it must never carry SQL, a stack trace or a class name.
 */
public abstract class DomainError extends RuntimeException {

    private final int status;
    private final String code;

    protected DomainError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    protected DomainError(int status, String code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status: 400, 403, 404, 409, 413, 422. */
    public int status() {
        return status;
    }

    /** A stable code: invalid, forbidden, not_found, conflict, or a file refusal's own code (FILE_TOO_LARGE …). */
    public String code() {
        return code;
    }

    /** The form field or JSON property at fault, if one is. */
    public String field() {
        return null;
    }

    /** Further keys of the JSON answer (e.g. the batch id of a refused upload). */
    public Map<String, Object> details() {
        return Map.of();
    }
}
