package cn.chainatlas.imports;

import cn.chainatlas.common.CreditCode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.IMPORT_DUPLICATE;
import static org.assertj.core.api.Assertions.assertThat;

/** Every cell is validated; each bad value is named by code, sheet, row and column. */
@MicronautTest
class RowValidationTest extends ImportTestSupport {

    static final Random RANDOM = new Random(23);
    static final String EXISTING = CreditCode.random(RANDOM, "441900");

    @BeforeAll
    void someRegistry() {
        Answer a = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(EXISTING, "东莞市已有精密机械有限公司", "东莞", "滚珠丝杠")))), "基础.xlsx", "dryRun=false");
        assertThat(a.num("inserts")).isEqualTo(1);
    }

    private static String code() {
        return CreditCode.random(RANDOM, "441900");
    }

    private static List<Object> with(int column, Object value) {
        List<Object> r = RegistryFixtures.row(code(), "测试" + RANDOM.nextInt(1_000_000) + "有限公司", "东莞", "电主轴");
        r.set(column, value);
        return r;
    }

    private static Map<String, Object> errorAt(Answer a, int row) {
        return a.errors().stream().filter(e -> ((Number) e.get("row")).intValue() == row).findFirst()
                .orElseThrow(() -> new AssertionError("no error on row " + row + ": " + a.errors()));
    }

    @Test
    void eachBadCellIsReportedAndValidRowsStillGoIn() {
        String dup = code();
        List<List<Object>> rows = new ArrayList<>();
        rows.add(with(1, null));                                  // row 2: name missing
        rows.add(with(0, "91441900MA51LEAD0"));                   // row 3: 17 characters
        String wrongCheck = code();
        wrongCheck = wrongCheck.substring(0, 17) + (wrongCheck.charAt(17) == 'A' ? 'B' : 'A');
        rows.add(with(0, wrongCheck));                            // row 4: check character
        rows.add(with(2, "纽约"));                                 // row 5: unknown city
        rows.add(with(10, "一百万"));                              // row 6: not a number
        rows.add(with(12, -5));                                   // row 7: negative
        rows.add(with(18, "去年春天"));                             // row 8: unreadable date
        rows.add(with(1, "长".repeat(201)));                       // row 9: too long
        List<Object> d1 = with(0, dup);
        List<Object> d2 = with(0, dup);
        rows.add(d1);                                             // row 10: duplicate
        rows.add(RegistryFixtures.row(code(), "正常企业甲有限公司", "东莞", "电主轴")); // row 11: fine
        rows.add(d2);                                             // row 12: duplicate of row 10
        rows.add(with(6, null));                                  // row 13: products missing

        String before = registrySnapshot();
        Answer a = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(rows)), "bad.xlsx", "dryRun=false");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.num("rowsTotal")).isEqualTo(12);
        assertThat(a.num("rowsValid")).isEqualTo(1);
        assertThat(a.num("rowsRejected")).isEqualTo(11);
        assertThat(a.num("inserts")).isEqualTo(1);

        assertThat(errorAt(a, 2)).containsEntry("code", "REQUIRED").containsEntry("column", "企业名称").containsEntry("sheet", "企业名录");
        assertThat(errorAt(a, 3)).containsEntry("code", "CREDIT_CODE_FORMAT").containsEntry("column", "统一社会信用代码");
        assertThat(errorAt(a, 4)).containsEntry("code", "CREDIT_CODE_CHECK");
        assertThat((String) errorAt(a, 4).get("message")).contains("校验位").contains("应为「" + wrongCheck.substring(0, 17).charAt(0));
        assertThat(errorAt(a, 5)).containsEntry("code", "UNKNOWN_CITY").containsEntry("column", "所在地市");
        assertThat((String) errorAt(a, 5).get("message")).contains("纽约");
        assertThat(errorAt(a, 6)).containsEntry("code", "NOT_A_NUMBER").containsEntry("column", "营业收入(万元)");
        assertThat(errorAt(a, 7)).containsEntry("code", "NEGATIVE").containsEntry("column", "从业人数");
        assertThat(errorAt(a, 8)).containsEntry("code", "BAD_DATE").containsEntry("column", "成立日期");
        assertThat(errorAt(a, 9)).containsEntry("code", "TOO_LONG").containsEntry("column", "企业名称");
        assertThat(errorAt(a, 10)).containsEntry("code", "DUPLICATE_CODE");
        assertThat((String) errorAt(a, 10).get("message")).contains("第 10 行").contains("第 12 行");
        assertThat(errorAt(a, 12)).containsEntry("code", "DUPLICATE_CODE");
        assertThat((String) errorAt(a, 12).get("message")).contains("第 10 行");
        assertThat(errorAt(a, 13)).containsEntry("code", "REQUIRED").containsEntry("column", "主营产品");

        // only the one good row went in: nothing of the rejected rows, nor of the duplicated code
        assertThat(enterpriseCount()).isEqualTo(2);
        assertThat(dsl.fetchExists(ENTERPRISE, ENTERPRISE.CREDIT_CODE.eq(dup))).isFalse();
        assertThat(dsl.fetchExists(ENTERPRISE, ENTERPRISE.NAME.eq("正常企业甲有限公司"))).isTrue();
        dsl.deleteFrom(ENTERPRISE).where(ENTERPRISE.NAME.eq("正常企业甲有限公司")).execute();
        assertThat(registrySnapshot()).isEqualTo(before);
    }

    @Test
    void aFoundingDateBefore1900OrAfterTodayIsRefusedByRowAndColumn() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(with(18, "1899-12-30"));                         // row 2: a spreadsheet cannot hold it as a date
        rows.add(with(18, java.time.LocalDate.now().plusYears(4))); // row 3: not founded yet
        String before = registrySnapshot();
        Answer a = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(rows)), "dates.xlsx", "dryRun=false");
        assertThat(a.num("rowsRejected")).isEqualTo(2);
        assertThat(errorAt(a, 2)).containsEntry("code", "BAD_DATE").containsEntry("column", "成立日期");
        assertThat((String) errorAt(a, 2).get("message")).contains("1899-12-30").contains("早于 1900 年");
        assertThat((String) errorAt(a, 3).get("message")).contains("晚于今天");
        assertThat(registrySnapshot()).isEqualTo(before);
    }

    @Test
    void allOrNothingRefusesTheWholeFileWhenOneRowIsBad() {
        String before = registrySnapshot();
        List<List<Object>> rows = List.of(
                RegistryFixtures.row(code(), "好企业乙有限公司", "东莞", "电主轴"),
                with(2, "火星"));
        Answer a = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(rows)), "aon.xlsx", "dryRun=false&allOrNothing=true");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("status")).isEqualTo("REJECTED");
        assertThat(a.num("rowsRejected")).isEqualTo(1);
        assertThat(errorAt(a, 3)).containsEntry("code", "UNKNOWN_CITY");
        assertThat(registrySnapshot()).isEqualTo(before);
    }

    /**
     * A batch refused by 全部或全不 changed nothing, so it must not say 新增 1: the answer, the batch read again and
     * the imports page's history all show 0 inserts and 0 updates, and still say how many rows were valid and bad.
     */
    @Test
    void aRejectedAllOrNothingBatchCountsNoInsertsOrUpdatesButKeepsItsRowCounts() {
        List<Object> renamed = RegistryFixtures.row(EXISTING, "东莞市已有精密机械有限公司", "东莞", "滚珠丝杠、电主轴");
        List<List<Object>> rows = List.of(
                RegistryFixtures.row(code(), "好企业丙有限公司", "东莞", "电主轴"),
                renamed,
                with(2, "火星"));
        String before = registrySnapshot();
        Answer a = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(rows)), "全部或全不.xlsx", "dryRun=false&allOrNothing=true");
        assertThat(a.body().get("status")).isEqualTo("REJECTED");
        assertThat(a.num("rowsTotal")).isEqualTo(3);
        assertThat(a.num("rowsValid")).isEqualTo(2);
        assertThat(a.num("rowsRejected")).isEqualTo(1);
        assertThat(a.num("inserts")).as("nothing was inserted").isZero();
        assertThat(a.num("updates")).as("nothing was updated").isZero();
        assertThat((String) a.body().get("message")).contains("未导入任何数据");
        assertThat(registrySnapshot()).isEqualTo(before);
        long id = ((Number) a.body().get("batchId")).longValue();

        Answer again = exchange(io.micronaut.http.HttpRequest.GET("/api/v1/imports/" + id).basicAuth("admin", ADMIN_PASSWORD));
        assertThat(again.num("inserts")).isZero();
        assertThat(again.num("updates")).isZero();
        assertThat(again.num("rowsValid")).isEqualTo(2);

        String page = client.toBlocking().retrieve(io.micronaut.http.HttpRequest.GET("/imports").basicAuth("admin", ADMIN_PASSWORD)
                .accept(io.micronaut.http.MediaType.TEXT_HTML), String.class);
        String row = page.substring(page.indexOf("data-batch=\"" + id + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        // 总行数, 新增, 更新, 有错误
        assertThat(row.replaceAll("\\s+", "")).contains("<td>3</td><td>0</td><td>0</td><td>1</td>");
    }

    @Test
    void valuesAreNormalisedBeforeValidation() {
        String code = code();
        List<Object> header = new ArrayList<>(List.of("所属地市", "主要产品", "单位名称", "信用代码", "营业收入", "成立时间",
                "年产能", "企业称号", "是否规上", "企业规模", "备注", "园区"));
        String spaced = " " + code.substring(0, 6).toLowerCase() + " " + code.substring(6) + "　";
        String fullWidth = spaced.replace("9", "９").replace("1", "１");
        List<Object> row = new ArrayList<>(List.of("佛山市", "高档数控系统（CNC）、精密轴承", "　佛山精密数控有限公司 ",
                fullWidth, "１，２３４.５", "42005", "2万台", "专精特新“小巨人”企业；链主企业", "是", "中型", "重点跟踪", "三龙湾"));
        Answer a = upload(RegistryFixtures.xlsx(List.of(header, row)), "variants.xlsx", "dryRun=false");
        assertThat(a.errors()).as(a.body().toString()).isEmpty();
        assertThat(a.num("inserts")).isEqualTo(1);
        var e = dsl.selectFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(code)).fetchOne();
        assertThat(e.getName()).isEqualTo("佛山精密数控有限公司");
        assertThat(e.getCityCode()).isEqualTo("440600");
        assertThat(e.getRevenue()).isEqualByComparingTo("1234.5");
        assertThat(e.getFoundedOn()).hasToString("2015-01-01");
        assertThat(e.getCapacityValue()).isEqualByComparingTo("20000");
        assertThat(e.getCapacityUnit()).isEqualTo("台");
        assertThat(e.getTitles()).isEqualTo("专精特新小巨人、链主");
        assertThat(e.getTier()).isEqualTo("专精特新小巨人");
        assertThat(e.getIsLeader()).isTrue();
        assertThat(e.getSizeClass()).isEqualTo("中");
        assertThat(e.getExtraAttributes()).isEqualTo("{\"园区\":\"三龙湾\",\"备注\":\"重点跟踪\"}");
    }

    @Test
    void outsideProvinceSuppliersAreAccepted() {
        String code = CreditCode.random(RANDOM, "320500");
        Answer a = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(code, "苏州海缆有限公司", "省外-江苏", "海底电缆")))), "outside.xlsx", "dryRun=false");
        assertThat(a.num("inserts")).isEqualTo(1);
        var e = dsl.selectFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(code)).fetchOne();
        assertThat(e.getCityCode()).isNull();
        assertThat(e.getOutsideProvince()).isEqualTo("江苏");
    }

    @Test
    void likelyDuplicatesUnderAnotherCodeAreFlaggedNotMerged() {
        String other = code();
        Answer a = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(other, "广东省东莞已有精密机械股份有限公司（南城分厂）", "东莞", "滚珠丝杠")))), "dup.xlsx", "dryRun=false");
        assertThat(a.num("inserts")).isEqualTo(1);
        assertThat(a.num("duplicates")).isEqualTo(1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> flags = (List<Map<String, Object>>) a.body().get("duplicateFlags");
        assertThat(flags).singleElement().satisfies(f -> {
            assertThat(f).containsEntry("creditCode", other).containsEntry("otherCreditCode", EXISTING).containsEntry("foundIn", "REGISTRY");
        });
        assertThat(dsl.fetchCount(IMPORT_DUPLICATE)).isEqualTo(1);
        assertThat(dsl.fetchExists(ENTERPRISE, ENTERPRISE.CREDIT_CODE.eq(EXISTING))).isTrue();
    }

    @Test
    void csvInUtf8AndGbkAndXlsAreRead() throws Exception {
        for (Charset cs : List.of(StandardCharsets.UTF_8, Charset.forName("GBK"))) {
            String code = code();
            String csv = String.join(",", RegistryFixtures.HEADER) + "\r\n"
                    + code + ",\"东莞CSV" + cs.name() + "有限公司\",东莞,南城,小,否,\"光栅尺、数控系统\",,,,100,,20,,,,,,2020/3/5\r\n";
            Answer a = upload(csv.getBytes(cs), "reg.csv", "dryRun=false");
            assertThat(a.errors()).as(cs.name() + a.body()).isEmpty();
            assertThat(a.num("inserts")).isEqualTo(1);
            assertThat(dsl.fetchValue(ENTERPRISE.NAME, ENTERPRISE.CREDIT_CODE.eq(code))).isEqualTo("东莞CSV" + cs.name() + "有限公司");
        }
        String code = code();
        try (HSSFWorkbook wb = new HSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet s = wb.createSheet("名录");
            Row h = s.createRow(0);
            for (int i = 0; i < RegistryFixtures.HEADER.size(); i++) {
                h.createCell(i).setCellValue(RegistryFixtures.HEADER.get(i));
            }
            Row r = s.createRow(1);
            r.createCell(0).setCellValue(code);
            r.createCell(1).setCellValue("东莞老格式有限公司");
            r.createCell(2).setCellValue("东莞");
            r.createCell(6).setCellValue("齿轮箱");
            r.createCell(12).setCellValue(88);
            wb.write(out);
            Answer a = upload(out.toByteArray(), "old.xls", "dryRun=false");
            assertThat(a.errors()).as(a.body().toString()).isEmpty();
            assertThat(a.num("inserts")).isEqualTo(1);
            assertThat(dsl.fetchValue(ENTERPRISE.EMPLOYEES, ENTERPRISE.CREDIT_CODE.eq(code))).isEqualTo(88);
        }
    }
}
