package cn.chainatlas.security;

import io.micronaut.core.annotation.Nullable;

/**
 * Input a person can fix: answered with 400 and a message that says what is wrong and where
 * ({@code field} names the form field or JSON property). Pages show it as a {@code .flash-error}.
 */
public class BadInput extends RuntimeException {

    private final String field;

    public BadInput(@Nullable String field, String message) {
        super(message);
        this.field = field;
    }

    public @Nullable String field() {
        return field;
    }
}
