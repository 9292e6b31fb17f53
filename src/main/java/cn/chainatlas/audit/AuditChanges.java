package cn.chainatlas.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Turns an audit line's before/after JSON into the fields that changed, so a reader sees "what" at a glance. */
@Singleton
public final class AuditChanges {

    public record Change(String field, String before, String after) {
    }

    private static final Argument<Map<String, Object>> MAP = Argument.mapOf(String.class, Object.class);

    private final JsonMapper json;

    AuditChanges(JsonMapper json) {
        this.json = json;
    }

    /** The changed top-level fields, or null when either side is not a JSON object (then the raw text is shown). */
    public @Nullable List<Change> between(@Nullable String before, @Nullable String after) {
        Map<String, Object> b = object(before);
        Map<String, Object> a = object(after);
        if ((before != null && b == null) || (after != null && a == null)) {
            return null;
        }
        Map<String, Object> left = b == null ? Map.of() : b;
        Map<String, Object> right = a == null ? Map.of() : a;
        Set<String> fields = new LinkedHashSet<>(left.keySet());
        fields.addAll(right.keySet());
        List<Change> changes = new ArrayList<>();
        for (String f : fields) {
            Object x = left.get(f);
            Object y = right.get(f);
            if (!Objects.equals(x, y)) {
                changes.add(new Change(f, show(x), show(y)));
            }
        }
        return changes;
    }

    private @Nullable Map<String, Object> object(@Nullable String text) {
        if (text == null || !text.trim().startsWith("{")) {
            return null;
        }
        try {
            Map<String, Object> map = json.readValue(text, MAP);
            return map == null ? null : new LinkedHashMap<>(map);
        } catch (IOException e) {
            return null;
        }
    }

    private static String show(@Nullable Object value) {
        return value == null ? "—" : value.toString();
    }
}
