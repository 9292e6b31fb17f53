package cn.chainatlas.common;

import java.util.List;

/**
 * Input a person can fix: answered with 400 and a message that says what is wrong and where ({@code field}
 * names the form field or JSON property). A form with several bad fields raises one BadInput carrying every
 * field's error, so the page can show each at its field and keep what was typed.
 */
public class BadInput extends DomainError {

    /** One field's problem. */
    public record FieldError(String field, String message) {
    }

    private final String field;
    private final List<FieldError> errors;

    public BadInput(String message) {
        this(null, message);
    }

    public BadInput(String field, String message) {
        super(400, "invalid", message);
        this.field = field;
        this.errors = field == null ? List.of() : List.of(new FieldError(field, message));
    }

    /** Several fields at once; the message joins them. */
    public BadInput(List<FieldError> errors) {
        super(400, "invalid", String.join("；", errors.stream().map(FieldError::message).toList()));
        this.field = errors.isEmpty() ? null : errors.get(0).field();
        this.errors = List.copyOf(errors);
    }

    @Override
    public String field() {
        return field;
    }

    public List<FieldError> errors() {
        return errors;
    }

    @Override
    public java.util.Map<String, Object> details() {
        // plain maps: this package knows no serialisation framework, and a record of it has no JSON introspection
        return errors.size() > 1 ? java.util.Map.of("fields", errors.stream()
                .map(e -> java.util.Map.of("field", e.field(), "message", e.message())).toList()) : java.util.Map.of();
    }
}
