package cn.chainatlas.imports;

import cn.chainatlas.common.CreditCode;
import cn.chainatlas.common.Role;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

/** The pages render with the element ids the browser test relies on; the no-script edit form saves and refuses. */
@MicronautTest
class RegistryPagesTest extends ImportTestSupport {

    static final Random RANDOM = new Random(3);
    static final String DG = CreditCode.random(RANDOM, "441900");
    static final String FS = CreditCode.random(RANDOM, "440600");
    static final String UN = CreditCode.random(RANDOM, "441900");

    @BeforeAll
    void data() {
        TestUsers.create(dsl, "dongguan", "pw-12345", Role.CITY, "441900", null);
        upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(DG, "东莞页面电主轴有限公司", "东莞", "电主轴"),
                RegistryFixtures.row(FS, "佛山页面轴承有限公司", "佛山", "轴承"),
                RegistryFixtures.row(UN, "东莞页面贸易有限公司", "东莞", "贸易")))), "p.xlsx", "dryRun=false");
    }

    private String page(String uri, String user, String pw) {
        return client.toBlocking().retrieve(HttpRequest.GET(uri).basicAuth(user, pw).accept(MediaType.TEXT_HTML), String.class);
    }

    @Test
    void enterpriseListAndDetailHaveTheContractIds() {
        String list = page("/enterprises?q=" + java.net.URLEncoder.encode("页面", java.nio.charset.StandardCharsets.UTF_8), "admin", ADMIN_PASSWORD);
        assertThat(list).contains("id=\"enterprise-search\"").contains("id=\"enterprise-table\"")
                .contains("data-credit-code=\"" + DG + "\"").contains("href=\"/enterprises/" + DG + "\"").contains("东莞页面电主轴");
        String detail = page("/enterprises/" + DG, "admin", ADMIN_PASSWORD);
        assertThat(detail).contains("id=\"enterprise-edit\"").contains("name=\"mainProducts\"").contains("id=\"save\"").contains("电主轴");
        String un = page("/enterprises/unclassified", "admin", ADMIN_PASSWORD);
        assertThat(un).contains("data-credit-code=\"" + UN + "\"").doesNotContain("data-credit-code=\"" + DG + "\"");
    }

    @Test
    void importsPageHasTheContractIds() {
        String html = page("/imports", "admin", ADMIN_PASSWORD);
        assertThat(html).contains("id=\"upload-form\"").contains("name=\"file\"").contains("name=\"city\"").contains("id=\"upload\"")
                .contains("id=\"dry-run-result\"").contains("id=\"rows-total\"").contains("id=\"rows-valid\"")
                .contains("id=\"rows-rejected\"").contains("id=\"error-table\"").contains("id=\"errors-download\"")
                .contains("id=\"commit-batch\"").contains("id=\"batch-history\"").contains("data-batch=\"").contains("class=\"rollback\"")
                .contains("<progress");
    }

    @Test
    void editFormSavesAndRefusesOtherCities() {
        var ok = exchange(HttpRequest.POST("/enterprises/" + DG, "name=" + enc("东莞页面电主轴股份有限公司") + "&mainProducts=" + enc("高速电主轴"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).accept(MediaType.TEXT_HTML).basicAuth("dongguan", "pw-12345"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(dsl.fetchValue(ENTERPRISE.NAME, ENTERPRISE.CREDIT_CODE.eq(DG))).isEqualTo("东莞页面电主轴股份有限公司");
        // the clerk's form has every registry field the bureau keeps: R&D spending, patents, 成立日期, 规上 too
        String form = page("/enterprises/" + DG, "dongguan", "pw-12345");
        assertThat(form).contains("name=\"revenue\"").contains("name=\"rndSpending\"").contains("name=\"patents\"")
                .contains("name=\"foundedOn\"").contains("name=\"aboveScale\"").contains("研发投入(万元)");
        var more = exchange(HttpRequest.POST("/enterprises/" + DG, "name=" + enc("东莞页面电主轴股份有限公司") + "&mainProducts="
                        + enc("高速电主轴") + "&rndSpending=321.5&patents=7&foundedOn=2011-06-01&aboveScale=" + enc("是"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).accept(MediaType.TEXT_HTML).basicAuth("dongguan", "pw-12345"));
        assertThat(more.status()).isEqualTo(200);
        var saved = dsl.selectFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(DG)).fetchOne();
        assertThat(saved.getRndSpending()).isEqualByComparingTo("321.5");
        assertThat(saved.getPatents()).isEqualTo(7);
        assertThat(saved.getFoundedOn()).isEqualTo(java.time.LocalDate.of(2011, 6, 1));
        assertThat(saved.getAboveScale()).isTrue();
        String before = registrySnapshot();
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.micronaut.http.client.exceptions.HttpClientResponseException.class,
                () -> client.toBlocking().exchange(withCsrf(HttpRequest.POST("/enterprises/" + FS, "name=" + enc("改名"))
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED).accept(MediaType.TEXT_HTML).basicAuth("dongguan", "pw-12345")), String.class));
        assertThat(e.getStatus().getCode()).isEqualTo(403);
        assertThat(e.getResponse().getBody(String.class).orElse("")).contains("flash-error").contains("佛山");
        assertThat(registrySnapshot()).isEqualTo(before);
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
