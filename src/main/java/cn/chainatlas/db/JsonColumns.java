package cn.chainatlas.db;

import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading the small JSON objects some columns hold (demand.spec_fields: the structured spec a demand states). */
public final class JsonColumns {

    private JsonColumns() {
    }

    /**
     * A stored JSON object as field → text, in its stored order; empty for null, blank or text that is not a JSON
     * object (such a value was never written by the application: the writers store {@code JsonMapper} output, so it
     * reads as "nothing stated" rather than failing a page).
     */
    public static Map<String, String> stringMap(JsonMapper json, String stored) {
        Map<String, String> m = parsed(json, stored);
        return m == null ? Map.of() : m;
    }

    /**
     * As {@link #stringMap}, but null where {@code stored} is text that is not a JSON object — for a caller that shows
     * such text as it is rather than hide it (the registry's extra columns: a clerk sees what the file held).
     */
    @SuppressWarnings("unchecked")
    @io.micronaut.core.annotation.Nullable
    public static Map<String, String> parsed(JsonMapper json, String stored) {
        if (stored == null || stored.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> m = json.readValue(stored, Map.class);
            if (m == null) {
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, v == null ? null : v.toString()));
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
