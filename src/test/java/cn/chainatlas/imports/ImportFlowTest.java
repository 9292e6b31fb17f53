package cn.chainatlas.imports;

import cn.chainatlas.common.CreditCode;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;
import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportFlowTest extends ImportTestSupport {

    static final Random RANDOM = new Random(7);
    static final String A = CreditCode.random(RANDOM, "441900");
    static final String B = CreditCode.random(RANDOM, "440600");
    static final String C = CreditCode.random(RANDOM, "440300");

    static List<List<Object>> rows() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("2024年东莞市高端装备企业名录"));
        rows.add(null);
        rows.add(new ArrayList<>(RegistryFixtures.HEADER));
        rows.add(RegistryFixtures.row(A, "东莞精工数控科技有限公司", "东莞市", "高档数控系统、伺服驱动"));
        rows.add(RegistryFixtures.row(B, "佛山精密轴承股份有限公司", "佛山", "精密轴承，滚珠丝杠"));
        rows.add(RegistryFixtures.row(C, "深圳某某贸易有限公司", "深圳", "办公用品贸易"));
        List<Object> bad = RegistryFixtures.row(A.substring(0, 17) + (A.charAt(17) == '1' ? '2' : '1'), "错误代码企业", "火星", "齿轮箱");
        bad.set(12, "很多");
        rows.add(bad);
        return rows;
    }

    static byte[] file = RegistryFixtures.xlsx(rows());
    static long dryRunBatch;
    static String afterCommit;

    @Test
    @Order(1)
    void dryRunReportsWhatWouldChangeAndWritesNothing() {
        String before = registrySnapshot();
        Answer a = upload(file, "名录.xlsx", "dryRun=true");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.num("rowsTotal")).isEqualTo(4);
        assertThat(a.num("rowsValid")).isEqualTo(3);
        assertThat(a.num("rowsRejected")).isEqualTo(1);
        assertThat(a.num("inserts")).isEqualTo(3);
        assertThat(a.num("unclassified")).isEqualTo(1);
        assertThat(a.errors()).extracting(e -> e.get("code")).contains("CREDIT_CODE_CHECK", "UNKNOWN_CITY", "NOT_A_NUMBER");
        assertThat(a.errors()).allSatisfy(e -> {
            assertThat(e.get("row")).isEqualTo(7);
            assertThat(e.get("sheet")).isEqualTo("企业名录");
        });
        assertThat(a.errors()).anySatisfy(e -> assertThat(e.get("column")).isEqualTo("从业人数"));
        assertThat(registrySnapshot()).isEqualTo(before);
        dryRunBatch = ((Number) a.body().get("batchId")).longValue();
    }

    @Test
    @Order(2)
    void errorsWorkbookHasTheBadRowAnnotated() throws Exception {
        byte[] xlsx = client.toBlocking().retrieve(HttpRequest.GET("/api/v1/imports/" + dryRunBatch + "/errors.xlsx")
                .basicAuth("admin", ADMIN_PASSWORD), byte[].class);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet s = wb.getSheet("企业名录");
            assertThat(s.getLastRowNum()).isEqualTo(1);
            Row header = s.getRow(0);
            int last = header.getLastCellNum();
            assertThat(header.getCell(last - 2).getStringCellValue()).isEqualTo("错误说明");
            Row bad = s.getRow(1);
            assertThat(bad.getCell(1).getStringCellValue()).isEqualTo("错误代码企业");
            assertThat(bad.getCell(last - 2).getStringCellValue()).contains("校验位").contains("火星");
            assertThat((int) bad.getCell(last - 1).getNumericCellValue()).isEqualTo(7);
            assertThat(bad.getCell(2).getCellStyle().getFillForegroundColor()).isNotEqualTo(bad.getCell(1).getCellStyle().getFillForegroundColor());
        }
    }

    @Test
    @Order(3)
    void committingTheDryRunWritesTheValidRowsWithTheirNodes() {
        Answer a = post("/api/v1/imports/" + dryRunBatch + "/commit", "admin", ADMIN_PASSWORD);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("status")).isEqualTo("COMMITTED");
        assertThat(a.num("inserts")).isEqualTo(3);
        assertThat(enterpriseCount()).isEqualTo(3);
        var e = dsl.selectFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(A)).fetchOne();
        assertThat(e.getCityCode()).isEqualTo("441900");
        assertThat(e.getTier()).isEqualTo("专精特新");
        assertThat(e.getCapacityValue()).isEqualByComparingTo("20000");
        assertThat(e.getCapacityUnit()).isEqualTo("套");
        assertThat(e.getFoundedOn()).hasToString("2012-05-18");
        assertThat(dsl.select(ENTERPRISE_NODE.NODE_CODE).from(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.eq(A)).fetch(ENTERPRISE_NODE.NODE_CODE))
                .containsExactly("CNC_SYSTEM");
        assertThat(dsl.select(ENTERPRISE_NODE.NODE_CODE).from(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.eq(B)).fetch(ENTERPRISE_NODE.NODE_CODE))
                .containsExactlyInAnyOrder("BEARING", "BALL_SCREW");
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("IMPORT_COMMIT"))).isEqualTo(1);
        afterCommit = registrySnapshot();
    }

    @Test
    @Order(4)
    void theSameFileAgainChangesNothing() {
        Answer a = upload(file, "名录.xlsx", "dryRun=false");
        assertThat(a.num("inserts")).isZero();
        assertThat(a.num("updates")).isZero();
        assertThat(a.num("unchanged")).isEqualTo(3);
        assertThat(registrySnapshot()).isEqualTo(afterCommit);
    }

    @Test
    @Order(5)
    void rollbackRestoresExactlyThePreviousState() {
        List<List<Object>> rows = rows();
        rows.get(3).set(1, "东莞精工数控科技股份有限公司");
        rows.get(3).set(6, "电主轴");
        String newCode = CreditCode.random(RANDOM, "441900");
        rows.add(RegistryFixtures.row(newCode, "东莞新海缆有限公司", "东莞", "海缆"));
        Answer a = upload(RegistryFixtures.xlsx(rows), "名录2.xlsx", "dryRun=false");
        assertThat(a.num("updates")).isEqualTo(1);
        assertThat(a.num("inserts")).isEqualTo(1);
        assertThat(a.num("unchanged")).isEqualTo(2);
        assertThat(dsl.fetchValue(ENTERPRISE_NODE.NODE_CODE, ENTERPRISE_NODE.CREDIT_CODE.eq(A))).isEqualTo("ELECTRIC_SPINDLE");
        long batch = ((Number) a.body().get("batchId")).longValue();

        Answer r = post("/api/v1/imports/" + batch + "/rollback", "admin", ADMIN_PASSWORD);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("status")).isEqualTo("ROLLED_BACK");
        assertThat(registrySnapshot()).isEqualTo(afterCommit);
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("IMPORT_ROLLBACK"))).isEqualTo(1);

        Answer again = post("/api/v1/imports/" + batch + "/rollback", "admin", ADMIN_PASSWORD);
        assertThat(again.status()).isEqualTo(409);
    }
}
