package cn.chainatlas.enterprise;

import cn.chainatlas.common.CreditCode;
import cn.chainatlas.imports.ImportTestSupport;
import cn.chainatlas.imports.RegistryFixtures;
import cn.chainatlas.common.Role;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Private data stays private (issue 13): a chain leader does not see the extra columns a bureau uploaded
 * (联系人手机, 电子邮箱, 2025年营业收入, 利润总额 …), and a city bureau sees other cities' enterprises with their public
 * fields only — in the list, the detail, the page and the export. Known header variants of phone and revenue land
 * in the private fields; unknown columns are private unless the supplier consented.
 */
@MicronautTest
class PrivateDataTest extends ImportTestSupport {

    static final String PW = "Private-Data-2026";
    static final Random RANDOM = new Random(1313);
    static final String DG = CreditCode.random(RANDOM, "441900");
    static final String DG_CONSENT = CreditCode.random(RANDOM, "441900");
    static final String FS = CreditCode.random(RANDOM, "440600");
    static final String LEADER = CreditCode.random(RANDOM, "441900");

    static final String PHONE = "13912345678";
    static final String EMAIL = "boss@secret.example";
    static final String PROFIT = "7654.3";

    @BeforeAll
    void registry() {
        TestUsers.create(dsl, "dongguan", PW, Role.CITY, "441900", null);
        TestUsers.create(dsl, "foshan", PW, Role.CITY, "440600", null);
        TestUsers.create(dsl, "leader", PW, Role.LEADER, null, LEADER);
        // a bureau's own sheet: phone and revenue under headers of its own, e-mail and profit the template does not know
        List<Object> header = List.of("统一社会信用代码", "企业名称", "所在地市", "主营产品", "联系人", "联系人手机",
                "2025年营业收入", "电子邮箱", "利润总额", "备注");
        List<List<Object>> rows = new ArrayList<>();
        rows.add(new ArrayList<>(header));
        rows.add(List.of(DG, "东莞私密轴承有限公司", "东莞", "精密轴承", "李经理", PHONE, 98765.4, EMAIL, PROFIT, "内部备注"));
        rows.add(List.of(DG_CONSENT, "东莞公开丝杠有限公司", "东莞", "滚珠丝杠", "王经理", "13700000000", 111.1,
                "open@consent.example", "1.0", "公开"));
        rows.add(List.of(LEADER, "东莞链主机床有限公司", "东莞", "五轴联动加工中心", "陈总", "13600000000", 5000.0,
                "leader@own.example", "300", "链主"));
        Answer a = upload(RegistryFixtures.xlsx(rows), "bureau.xlsx", "dryRun=false&city=441900");
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(200);
        assertThat(a.num("inserts")).isEqualTo(3);
        List<List<Object>> fs = new ArrayList<>();
        fs.add(new ArrayList<>(header));
        fs.add(List.of(FS, "佛山保密电主轴有限公司", "佛山", "电主轴", "赵工", "13511112222", 4321.0, "fs@secret.example",
                "999.9", "佛山备注"));
        assertThat(upload(RegistryFixtures.xlsx(fs), "fs.xlsx", "dryRun=false&city=440600").num("inserts")).isEqualTo(1);
        dsl.update(ENTERPRISE).set(ENTERPRISE.PUBLIC_CONSENT, true).where(ENTERPRISE.CREDIT_CODE.eq(DG_CONSENT)).execute();
    }

    private String get(String uri, String user) {
        return client.toBlocking().retrieve(HttpRequest.GET(uri).basicAuth(user, user.equals("admin") ? ADMIN_PASSWORD : PW));
    }

    private String page(String uri, String user) {
        return client.toBlocking().retrieve(HttpRequest.GET(uri).accept(MediaType.TEXT_HTML_TYPE)
                .basicAuth(user, user.equals("admin") ? ADMIN_PASSWORD : PW));
    }

    private String export(String user, String query) throws Exception {
        byte[] xlsx = client.toBlocking().retrieve(HttpRequest.GET("/api/v1/enterprises/export.xlsx" + query)
                .basicAuth(user, PW), byte[].class);
        StringBuilder b = new StringBuilder();
        DataFormatter f = new DataFormatter();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet s = wb.getSheetAt(0);
            for (Row r : s) {
                r.forEach(c -> b.append(f.formatCellValue(c)).append('|'));
                b.append('\n');
            }
        }
        return b.toString();
    }

    @Test
    void knownHeaderVariantsOfPhoneAndRevenueLandInThePrivateFields() {
        var r = dsl.selectFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(DG)).fetchOne();
        assertThat(r.getContactPhone()).isEqualTo(PHONE);
        assertThat(r.getRevenue()).isEqualByComparingTo("98765.4");
        // what the template does not know stays with the enterprise, as the extra attributes
        assertThat(r.getExtraAttributes()).contains(EMAIL).contains(PROFIT).contains("利润总额").doesNotContain(PHONE);
    }

    @Test
    void aLeaderSeesNeitherTheExtraColumnsNorThePrivateFieldsOfOthers() throws Exception {
        String detail = get("/api/v1/enterprises/" + DG, "leader");
        assertThat(detail).doesNotContain(EMAIL).doesNotContain(PROFIT).doesNotContain(PHONE).doesNotContain("98765")
                .doesNotContain("内部备注").contains("\"restricted\":true");
        String list = get("/api/v1/enterprises?size=100", "leader");
        assertThat(list).contains("东莞私密轴承有限公司").doesNotContain(EMAIL).doesNotContain(PROFIT).doesNotContain(PHONE)
                .doesNotContain("fs@secret.example").doesNotContain("内部备注");
        String html = page("/enterprises/" + DG, "leader");
        assertThat(html).contains("东莞私密轴承有限公司").doesNotContain(EMAIL).doesNotContain(PROFIT).doesNotContain(PHONE)
                .doesNotContain("电子邮箱").doesNotContain("内部备注");
        String xlsx = export("leader", "");
        assertThat(xlsx).contains("东莞私密轴承有限公司").doesNotContain(EMAIL).doesNotContain(PROFIT).doesNotContain(PHONE)
                .doesNotContain("fs@secret.example").doesNotContain("内部备注");
        // its own enterprise and the one that consented it sees in full, extra columns included
        assertThat(get("/api/v1/enterprises/" + LEADER, "leader")).contains("leader@own.example").contains("\"restricted\":false");
        assertThat(get("/api/v1/enterprises/" + DG_CONSENT, "leader")).contains("open@consent.example").contains("13700000000");
        assertThat(xlsx).contains("leader@own.example").contains("open@consent.example");
    }

    @Test
    void aCityBureauSeesOtherCitiesWithPublicFieldsOnly() throws Exception {
        // its own city in full
        String own = get("/api/v1/enterprises/" + DG, "dongguan");
        assertThat(own).contains(EMAIL).contains(PHONE).contains("98765.4").contains("\"restricted\":false");
        // the page shows the figure as typed (98765.4, not 98765.40 or 98765.4000)
        assertThat(page("/enterprises/" + DG, "dongguan")).contains("<dd id=\"revenue\">98765.4</dd>");
        // another city's: public fields only, in the API, the page and the export
        String other = get("/api/v1/enterprises/" + FS, "dongguan");
        assertThat(other).contains("佛山保密电主轴有限公司").contains("电主轴").doesNotContain("13511112222")
                .doesNotContain("4321").doesNotContain("fs@secret.example").doesNotContain("999.9").doesNotContain("赵工")
                .contains("\"restricted\":true");
        String list = get("/api/v1/enterprises?size=100", "dongguan");
        assertThat(list).contains("佛山保密电主轴有限公司").doesNotContain("13511112222").doesNotContain("fs@secret.example")
                .doesNotContain("佛山备注");
        String html = page("/enterprises/" + FS, "dongguan");
        assertThat(html).contains("佛山保密电主轴有限公司").doesNotContain("13511112222").doesNotContain("fs@secret.example")
                .doesNotContain("4321").doesNotContain("佛山备注");
        String xlsx = export("dongguan", "");
        assertThat(xlsx).contains("佛山保密电主轴有限公司").contains(EMAIL).contains(PHONE)
                .doesNotContain("13511112222").doesNotContain("fs@secret.example").doesNotContain("佛山备注").doesNotContain("赵工");
        // and the other way round
        assertThat(get("/api/v1/enterprises/" + DG, "foshan")).doesNotContain(EMAIL).doesNotContain(PHONE).doesNotContain("98765");
        assertThat(export("foshan", "?city=441900")).doesNotContain(EMAIL).doesNotContain(PHONE).doesNotContain("李经理");
        // the province sees everything
        assertThat(get("/api/v1/enterprises/" + FS, "admin")).contains("fs@secret.example").contains("13511112222");
    }

    @Test
    void aHeaderWithTheYearInBracketsIsStillTheRevenue() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("统一社会信用代码", "企业名称", "所在地市", "主营产品", "营业收入（2025年）", "手机号码"));
        String code = CreditCode.random(RANDOM, "441900");
        rows.add(List.of(code, "东莞年份表头有限公司", "东莞", "光栅尺", 321.5, "13800001111"));
        Answer a = upload(RegistryFixtures.xlsx(rows), "year.xlsx", "dryRun=false&city=441900");
        assertThat(a.num("inserts")).as(String.valueOf(a.body())).isEqualTo(1);
        var r = dsl.selectFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(code)).fetchOne();
        assertThat(r.getRevenue()).isEqualByComparingTo("321.5");
        assertThat(r.getContactPhone()).isEqualTo("13800001111");
        assertThat(r.getExtraAttributes()).isNull();
        assertThat(Map.of()).isEmpty();
    }
}
