package cn.chainatlas.demand;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.exceptions.InvalidFormatException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON list of texts that may also be sent as one text ({@code "ISO 9001、IATF 16949"}), as the form and the upload
 * take it and docs/matching.md promises: the JSON API refused the text form with a message naming no field (fresh-eyes
 * pass #15). Items are kept as written; {@link DemandFields} splits each at 、，; and checks them.
 */
@Singleton
public final class TextOrList implements Deserializer<List<String>> {

    @Override
    public List<String> deserialize(Decoder decoder, DecoderContext context, Argument<? super List<String>> type) throws IOException {
        Object v = decoder.decodeArbitrary();
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object item : list) {
                if (item != null && !(item instanceof String) && !(item instanceof Number)) {
                    throw new InvalidFormatException("a list item is neither text nor a number", null, item);
                }
                out.add(item == null ? null : String.valueOf(item));
            }
            return out;
        }
        throw new InvalidFormatException("neither a text nor a list of texts", null, v);
    }

    @Override
    public List<String> getDefaultValue(DecoderContext context, Argument<? super List<String>> type) {
        return null;
    }
}
