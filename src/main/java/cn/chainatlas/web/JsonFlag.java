package cn.chainatlas.web;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.exceptions.InvalidFormatException;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * A yes/no JSON field read strictly: true/false, or the texts {@link QueryFlags} takes (true/1/yes/是, false/0/no/否).
 * micronaut-serde 2.16 read any other text as false, so {@code "publicConsent": "是"} — a leader agreeing to show its
 * figures — revoked its consent instead (fresh-eyes pass #14). Anything else is refused, and the error names the field.
 */
@Singleton
public final class JsonFlag implements Deserializer<Boolean> {

    @Override
    public Boolean deserialize(Decoder decoder, DecoderContext context, Argument<? super Boolean> type) throws IOException {
        Object v = decoder.decodeArbitrary();
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        Boolean b = v instanceof String || v instanceof Number ? QueryFlags.word(String.valueOf(v)) : null;
        if (b != null) {
            return b;
        }
        throw new InvalidFormatException("not a yes/no value", null, v);
    }

    @Override
    public Boolean getDefaultValue(DecoderContext context, Argument<? super Boolean> type) {
        return null;
    }
}
