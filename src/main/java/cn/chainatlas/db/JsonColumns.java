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
    @SuppressWarnings("unchecked")
    public static Map<String, String> stringMap(JsonMapper json, String stored) {
        if (stored == null || stored.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> m = json.readValue(stored, Map.class);
            Map<String, String> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, v == null ? null : v.toString()));
            return out;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }
}
