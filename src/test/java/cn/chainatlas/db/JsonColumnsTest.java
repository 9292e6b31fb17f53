package cn.chainatlas.db;

import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class JsonColumnsTest {

    private final JsonMapper json = JsonMapper.createDefault();

    @Test
    void aStoredObjectReadsAsTextsInItsStoredOrder() {
        Map<String, String> m = JsonColumns.stringMap(json, "{\"主营规模\":\"大型\",\"员工数\":320,\"备注\":null}");
        assertEquals(List.of("主营规模", "员工数", "备注"), List.copyOf(m.keySet()));
        assertEquals("320", m.get("员工数"));
        assertNull(m.get("备注"));
    }

    @Test
    void textThatIsNotAnObjectIsNothingStatedForOneReaderAndNullForTheOneThatShowsIt() {
        assertEquals(Map.of(), JsonColumns.stringMap(json, "[1,2]"));
        assertEquals(Map.of(), JsonColumns.stringMap(json, "员工 320 人"));
        assertNull(JsonColumns.parsed(json, "员工 320 人"));
        assertEquals(Map.of(), JsonColumns.parsed(json, "  "));
        assertEquals(Map.of(), JsonColumns.parsed(json, null));
    }
}
