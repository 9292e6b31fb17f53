package cn.chainatlas.web;

import cn.chainatlas.imports.ImportTestSupport;
import cn.chainatlas.imports.RegistryFixtures;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every list answers out-of-range paging ({@code page=2147483647}, {@code size=-1}, …) with an ordinary answer: no
 * SQL, no stack trace, no class name, and no 500 — so none of them even reaches the last-resort handler
 * ({@code ErrorHandling.Unexpected} answers every error it sees with a 500 and {@code server_error}).
 */
@MicronautTest
class PagingTest extends ImportTestSupport {

    static final List<String> LISTS = List.of("/api/v1/enterprises", "/api/v1/imports", "/api/v1/audit", "/api/v1/users",
            "/api/v1/chains", "/api/v1/regions", "/enterprises", "/enterprises/unclassified", "/imports", "/admin/audit",
            "/admin/users");
    static final List<String> QUERIES = List.of("page=2147483647", "size=-1", "page=2147483647&size=-1", "page=-5&size=0",
            "page=0&size=2147483647", "page=2147483647&size=2147483647", "limit=-1", "limit=2147483647", "page=abc",
            "size=1e99", "page=99999999999999999999");

    @BeforeAll
    void someRows() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(RegistryFixtures.row(cn.chainatlas.common.CreditCode.random(new java.util.Random(i), "441900"),
                    "分页" + i + "号有限公司", "东莞", "电主轴"));
        }
        assertThat(upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(rows)), "p.xlsx", "dryRun=false").status()).isEqualTo(200);
    }

    @Test
    void outOfRangePagingAnswersWithoutSqlOr500() {
        List<String> wrong = new ArrayList<>();
        for (String list : LISTS) {
            for (String q : QUERIES) {
                boolean page = !list.startsWith("/api/");
                var request = HttpRequest.GET(list + "?" + q).basicAuth("admin", ADMIN_PASSWORD);
                if (page) {
                    request = request.accept(MediaType.TEXT_HTML_TYPE);
                }
                HttpResponse<String> r;
                try {
                    r = client.toBlocking().exchange(request, String.class);
                } catch (HttpClientResponseException e) {
                    @SuppressWarnings("unchecked")
                    HttpResponse<String> resp = (HttpResponse<String>) e.getResponse();
                    r = resp;
                }
                String body = r.getBody(String.class).orElse("");
                String where = list + "?" + q + " → " + r.code();
                if (r.code() >= 500 || body.contains("server_error")) {
                    wrong.add(where + " (reached the last-resort handler)");
                }
                String lower = body.toLowerCase();
                // pages have <select> elements; SQL shows as a statement's parts
                List<String> leaks = new ArrayList<>(List.of("select `", "from `", " where `", "offset ?", "limit ?",
                        "sqlexception", "java.", "exception", "at cn.", "jooq", "outofmemory", "mariadb", "mysql"));
                if (!page) {
                    leaks.add("select ");
                }
                for (String leak : leaks) {
                    if (lower.contains(leak)) {
                        wrong.add(where + " shows «" + leak.trim() + "»");
                    }
                }
                if (r.code() >= 400 && !page && !body.contains("\"message\"")) {
                    wrong.add(where + " without a message: " + body);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * A JSON body whose field has the wrong type (年产能 as "abc") was answered 参数「edit」的值无法识别 — the name of
     * the Java parameter the body binds to, which the caller never wrote; the answer names the JSON field.
     */
    @Test
    void aBodyFieldOfTheWrongTypeIsNamedByItsJsonName() {
        String code = dslFirstCode();
        var request = HttpRequest.PUT("/api/v1/enterprises/" + code, "{\"capacityValue\":\"abc\"}")
                .contentType(MediaType.APPLICATION_JSON_TYPE).basicAuth("admin", ADMIN_PASSWORD);
        HttpClientResponseException e = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(request, String.class));
        assertThat(e.getStatus().getCode()).isEqualTo(400);
        String body = e.getResponse().getBody(String.class).orElse("");
        assertThat(body).contains("capacityValue").doesNotContain("「edit」").doesNotContain("java").doesNotContain("cn.chainatlas")
                .doesNotContain("BigDecimal");
    }

    @Test
    void aBodyThatIsNotJsonSaysWhereItBreaks() {
        var request = HttpRequest.PUT("/api/v1/enterprises/" + dslFirstCode(), "{\"capacityValue\": 12,, }")
                .contentType(MediaType.APPLICATION_JSON_TYPE).basicAuth("admin", ADMIN_PASSWORD);
        HttpClientResponseException e = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(request, String.class));
        assertThat(e.getStatus().getCode()).isEqualTo(400);
        String body = e.getResponse().getBody(String.class).orElse("");
        assertThat(body).contains("不是有效的 JSON").contains("第 1 行第").doesNotContain("Jackson").doesNotContain("com.fasterxml");
    }

    @Test
    void aSearchWordTooLongForTheAddressIsNotCalledAnUpload() {
        var request = HttpRequest.GET("/api/v1/enterprises?q=" + "a".repeat(6000)).basicAuth("admin", ADMIN_PASSWORD);
        HttpClientResponseException e = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(request, String.class));
        assertThat(e.getStatus().getCode()).isIn(413, 414);
        assertThat(e.getResponse().getBody(String.class).orElse("")).contains("请求的地址过长").doesNotContain("上传");
    }

    private String dslFirstCode() {
        return dsl.select(cn.chainatlas.db.schema.Tables.ENTERPRISE.CREDIT_CODE).from(cn.chainatlas.db.schema.Tables.ENTERPRISE)
                .limit(1).fetchOne(cn.chainatlas.db.schema.Tables.ENTERPRISE.CREDIT_CODE);
    }
}
