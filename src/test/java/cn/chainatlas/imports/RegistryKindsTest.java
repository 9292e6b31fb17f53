package cn.chainatlas.imports;

import cn.chainatlas.common.CreditCode;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of trouble of the real-files issue, beyond the files of shared/cases: written here in every format
 * it arrives in (.xlsx, .xls, CSV, and what is saved under their names), so the whole kind is fixed, not one file.
 */
@MicronautTest
class RegistryKindsTest extends ImportTestSupport {

    static final Random RANDOM = new Random(909);

    @BeforeEach
    void emptyRegistry() {
        dsl.deleteFrom(ENTERPRISE).execute();
    }

    static String code() {
        return CreditCode.random(RANDOM, "441900");
    }

    private Object stored(String code, org.jooq.TableField<?, ?> f) {
        return dsl.select(f).from(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(code)).fetchOne(0);
    }

    private Answer commit(byte[] file, String name) {
        Answer dry = upload(file, name, "dryRun=true");
        Answer a = upload(file, name, "dryRun=false");
        assertThat(a.num("rowsRejected")).as("dry run and commit agree").isEqualTo(dry.num("rowsRejected"));
        assertThat(a.errors()).as("dry run and commit agree").isEqualTo(dry.errors());
        return a;
    }

    private static byte[] xls(Consumer<Sheet> fill) {
        try (Workbook wb = new HSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            fill.accept(wb.createSheet("企业名录"));
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void header(Sheet s, int row, String... names) {
        Row r = s.createRow(row);
        for (int i = 0; i < names.length; i++) {
            r.createCell(i).setCellValue(names[i]);
        }
    }

    // ---------------------------------------------------------------- 1. identifiers Excel turned into numbers

    @Test
    void aCreditCodeStoredAsANumberIsRefusedInXlsAndCsvAlike() {
        String text = code();
        byte[] xls = xls(s -> {
            header(s, 0, "统一社会信用代码", "企业名称", "所在地市", "主营产品");
            Row r = s.createRow(1);
            r.createCell(0).setCellValue(914419001000025127d);
            r.createCell(1).setCellValue("东莞数字代码一有限公司");
            r.createCell(2).setCellValue("东莞");
            r.createCell(3).setCellValue("电主轴");
            Row t = s.createRow(2);
            t.createCell(0).setCellValue(text);
            t.createCell(1).setCellValue("东莞文本代码有限公司");
            t.createCell(2).setCellValue("东莞");
            t.createCell(3).setCellValue("电主轴");
        });
        Answer a = commit(xls, "codes.xls");
        assertThat(a.num("inserts")).isEqualTo(1);
        assertThat(a.errors()).singleElement().satisfies(e -> assertThat(e).containsEntry("code", "CODE_STORED_AS_NUMBER").containsEntry("row", 2));
        String csv = "统一社会信用代码,企业名称,所在地市,主营产品\n9.14419E+17,东莞科学计数有限公司,东莞,电主轴\n";
        Answer c = commit(csv.getBytes(StandardCharsets.UTF_8), "codes.csv");
        assertThat(c.errors()).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("code", "CODE_STORED_AS_NUMBER");
            assertThat((String) e.get("message")).contains("9.14419E+17").doesNotContain("校验位");
        });
        assertThat(dsl.fetchCount(ENTERPRISE, ENTERPRISE.CREDIT_CODE.like("9144190010000250%"))).isZero();
    }

    @Test
    void aLandlineStoredAsANumberLostItsLeadingZeroAndIsRefusedAMobileIsKept() {
        String landline = code();
        String mobile = code();
        byte[] xlsx = RegistryFixtures.xlsx(List.of(
                List.of("统一社会信用代码", "企业名称", "所在地市", "主营产品", "联系电话"),
                List.of(landline, "东莞座机有限公司", "东莞", "电主轴", 76922001234L),
                List.of(mobile, "东莞手机有限公司", "东莞", "电主轴", 13800138000L)));
        Answer a = commit(xlsx, "phones.xlsx");
        assertThat(a.errors()).singleElement().satisfies(e -> assertThat(e).containsEntry("code", "PHONE_STORED_AS_NUMBER")
                .containsEntry("column", "联系电话").containsEntry("row", 2));
        assertThat(stored(mobile, ENTERPRISE.CONTACT_PHONE)).isEqualTo("13800138000");
    }

    // ---------------------------------------------------------------- 2. text that differs from what the clerk sees

    @Test
    void invisibleCharactersAndTextForcingMarksAreNormalisedAwayAControlCharacterIsNamed() {
        String a = code();
        String b = code();
        String c = code();
        String csv = "\uFEFF统一社会信用代码,企业名称,所在地市,主营产品,联系电话\n"
                + "\u200B" + a + "\u200E,\"东莞\u200B零宽\n精密\u00A0有限公司\",东莞,电主轴,=\"0769-22001234\"\n"
                + "'" + b.replace("1", "１") + ",东莞撇号有限公司,东莞,电主轴,'13800138000\n"
                + c.substring(0, 9) + "\u0007" + c.substring(9) + ",东莞响铃有限公司,东莞,电主轴,\n";
        Answer r = commit(csv.getBytes(StandardCharsets.UTF_8), "text.csv");
        assertThat(stored(a, ENTERPRISE.NAME)).isEqualTo("东莞零宽精密 有限公司");
        assertThat(stored(a, ENTERPRISE.CONTACT_PHONE)).isEqualTo("0769-22001234");
        assertThat(stored(b, ENTERPRISE.NAME)).as("the full-width code with an apostrophe is the code").isEqualTo("东莞撇号有限公司");
        assertThat(stored(b, ENTERPRISE.CONTACT_PHONE)).isEqualTo("13800138000");
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("code", "BAD_CHARACTER").containsEntry("row", 4);
            assertThat((String) e.get("message")).contains("U+0007");
        });
    }

    // ---------------------------------------------------------------- 3. dates in every form

    @Test
    void datesUnderThe1904SystemAndChineseBuiltInFormatsAreRightAndAnAmbiguousNumberIsRefused() throws IOException {
        String d1904 = code();
        String builtIn = code();
        String ambiguous = code();
        byte[] file;
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var ct = wb.getCTWorkbook();
            (ct.isSetWorkbookPr() ? ct.getWorkbookPr() : ct.addNewWorkbookPr()).setDate1904(true);
            Sheet s = wb.createSheet("企业名录");
            header(s, 0, "统一社会信用代码", "企业名称", "所在地市", "主营产品", "成立日期");
            var date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
            var chinese = wb.createCellStyle();
            chinese.setDataFormat((short) 31); // Excel's built-in yyyy"年"m"月"d"日" of a Chinese Excel, no format string
            Object[][] rows = {{d1904, "东莞一九零四有限公司", date, LocalDate.of(2015, 3, 1)},
                    {builtIn, "东莞内置格式有限公司", chinese, LocalDate.of(2012, 5, 18)},
                    {ambiguous, "东莞模糊日期有限公司", null, 2019.1}};
            for (int i = 0; i < rows.length; i++) {
                Row r = s.createRow(i + 1);
                r.createCell(0).setCellValue((String) rows[i][0]);
                r.createCell(1).setCellValue((String) rows[i][1]);
                r.createCell(2).setCellValue("东莞");
                r.createCell(3).setCellValue("电主轴");
                Cell d = r.createCell(4);
                if (rows[i][3] instanceof LocalDate ld) {
                    d.setCellValue(ld);
                    d.setCellStyle((org.apache.poi.ss.usermodel.CellStyle) rows[i][2]);
                } else {
                    d.setCellValue((Double) rows[i][3]);
                }
            }
            wb.write(out);
            file = out.toByteArray();
        }
        Answer a = commit(file, "dates.xlsx");
        assertThat(stored(d1904, ENTERPRISE.FOUNDED_ON)).isEqualTo(LocalDate.of(2015, 3, 1));
        assertThat(stored(builtIn, ENTERPRISE.FOUNDED_ON)).isEqualTo(LocalDate.of(2012, 5, 18));
        assertThat(a.errors()).singleElement().satisfies(e -> assertThat(e).containsEntry("code", "AMBIGUOUS_DATE").containsEntry("row", 4));
    }

    // ---------------------------------------------------------------- 4. units in headers

    @Test
    void moneyIsConvertedFromAUnitRowOrA单位LineAndAnUnknownUnitIsRefused() {
        String yuan = code();
        String line = code();
        String dollars = code();
        byte[] unitRow = RegistryFixtures.xlsx(List.of(
                List.of("统一社会信用代码", "企业名称", "所在地市", "主营产品", "营业收入", "年产能"),
                List.of("", "", "", "", "（元）", "（万台）"),
                List.of(yuan, "东莞元单位有限公司", "东莞", "电主轴", 12345, 1.5)));
        Answer a = commit(unitRow, "unit-row.xlsx");
        assertThat(a.errors()).as(a.body().toString()).isEmpty();
        assertThat((BigDecimal) stored(yuan, ENTERPRISE.REVENUE)).isEqualByComparingTo("1.2345");
        assertThat((BigDecimal) stored(yuan, ENTERPRISE.CAPACITY_VALUE)).isEqualByComparingTo("15000");
        assertThat(stored(yuan, ENTERPRISE.CAPACITY_UNIT)).isEqualTo("台");

        byte[] titled = RegistryFixtures.xlsx(List.of(
                List.of("2026年东莞市高端装备企业名录"),
                List.of("填报单位：东莞市工业和信息化局", "", "", "单位：千元"),
                List.of("统一社会信用代码", "企业名称", "所在地市", "主营产品", "营业收入"),
                List.of(line, "东莞千元有限公司", "东莞", "电主轴", 98000)));
        Answer t = commit(titled, "titled.xlsx");
        assertThat((BigDecimal) stored(line, ENTERPRISE.REVENUE)).isEqualByComparingTo("9800");
        assertThat((List<?>) t.body().get("notes")).anySatisfy(n -> assertThat(n.toString()).contains("千元"));

        byte[] usd = RegistryFixtures.xlsx(List.of(
                List.of("统一社会信用代码", "企业名称", "所在地市", "主营产品", "营业收入（万美元）"),
                List.of(dollars, "东莞美元有限公司", "东莞", "电主轴", 100)));
        Answer d = commit(usd, "usd.xlsx");
        assertThat(d.errors()).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("code", "UNKNOWN_UNIT").containsEntry("column", "营业收入（万美元）");
            assertThat((String) e.get("message")).contains("万美元");
        });
        assertThat(dsl.fetchExists(ENTERPRISE, ENTERPRISE.CREDIT_CODE.eq(dollars))).isFalse();
    }

    /**
     * A unit written after the header without brackets (营业收入/千元, 营业收入 千元, 研发投入 单位:千元, 营业收入万元) was
     * not read as the money column at all: the figure went into the extra attributes unconverted and the registry's
     * revenue stayed empty, without a word in the dry run.
     */
    @Test
    void aUnitAfterASlashASpaceOrGluedToTheHeaderIsReadAndConverted() {
        String[][] cases = {{"营业收入/千元", "研发投入 单位:千元", "100", "35"}, {"营业收入 千元", "研发投入／元", "100", "0.035"},
                {"营业收入万元", "研发投入（万元）", "1000", "350"}, {"2025年营业收入 亿元", "研发投入", "10000000", "350"},
                // a statistics form names the year and the unit in one bracket
                {"营业收入（2025年，千元）", "研发投入(千元,2025年)", "100", "35"}};
        for (String[] c : cases) {
            dsl.deleteFrom(ENTERPRISE).execute();
            String a = code();
            byte[] xlsx = RegistryFixtures.xlsx(List.of(
                    List.of("统一社会信用代码", "企业名称", "所在地市", "主营产品", c[0], c[1]),
                    List.of(a, "东莞单位写法有限公司", "东莞", "电主轴", 1000, 350)));
            Answer r = commit(xlsx, "units.xlsx");
            assertThat(r.errors()).as(c[0]).isEmpty();
            assertThat((BigDecimal) stored(a, ENTERPRISE.REVENUE)).as(c[0]).isEqualByComparingTo(c[2]);
            assertThat((BigDecimal) stored(a, ENTERPRISE.RND_SPENDING)).as(c[1]).isEqualByComparingTo(c[3]);
            assertThat(String.valueOf(stored(a, ENTERPRISE.EXTRA_ATTRIBUTES))).as(c[0]).doesNotContain("营业收入").doesNotContain("研发投入");
        }
        // a header that only ends like a unit stays what it is: 联系人 is the contact, not a count of 人
        String b = code();
        byte[] contact = RegistryFixtures.xlsx(List.of(
                List.of("统一社会信用代码", "企业名称", "所在地市", "主营产品", "联系人"),
                List.of(b, "东莞联系人有限公司", "东莞", "电主轴", "王工")));
        assertThat(commit(contact, "contact.xlsx").errors()).isEmpty();
        assertThat(stored(b, ENTERPRISE.CONTACT_NAME)).isEqualTo("王工");
    }

    /**
     * A CSV saved from Excel with the code column formatted 0 holds the number's 15 digits and 000 as text: the
     * answer said the check character was wrong and which one it "should" be, inviting the clerk to make a wrong
     * code pass.
     */
    @Test
    void aCodeThatLostItsLastDigitsAsTextIsNotOfferedACheckCharacter() {
        String lost = null;
        for (long n = 914419001000025L; lost == null; n += 7) {
            String candidate = n + "000";
            if (CreditCode.check(candidate) == CreditCode.Problem.CHECK) {
                lost = candidate;
            }
        }
        String csv = "统一社会信用代码,企业名称,所在地市,主营产品\n" + lost + ",东莞丢位有限公司,东莞,电主轴\n";
        Answer r = commit(csv.getBytes(StandardCharsets.UTF_8), "lost.csv");
        String code = lost;
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("code", "CODE_STORED_AS_NUMBER").containsEntry("row", 2).containsEntry("column", "统一社会信用代码");
            assertThat((String) e.get("message")).contains(code).contains("15 位").contains("文本").doesNotContain("应为");
        });
        assertThat(dsl.fetchCount(ENTERPRISE)).isZero();
    }

    /**
     * 所在地市 merged (or typed) down past the last enterprise, as a form prepared for more rows than were filled:
     * each of those rows was refused as missing its code, name and products.
     */
    @Test
    void aCityMergedOrFilledDownPastTheLastEnterpriseAddsNoRejectedRows() throws IOException {
        String a = code();
        String b = code();
        byte[] file;
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet s = wb.createSheet("企业名录");
            header(s, 0, "统一社会信用代码", "企业名称", "所在地市", "区县", "主营产品");
            var bordered = wb.createCellStyle();
            bordered.setBorderBottom(org.apache.poi.ss.usermodel.BorderStyle.THIN);
            String[][] rows = {{a, "东莞跨页一有限公司", "东莞", "松山湖", "电主轴"}, {b, "东莞跨页二有限公司", null, null, "光栅尺"}};
            for (int i = 1; i <= 12; i++) {
                Row r = s.createRow(i);
                for (int j = 0; j < 5; j++) {
                    Cell cell = r.createCell(j);
                    cell.setCellStyle(bordered); // the form's borders: every covered cell is written, empty
                    if (i <= rows.length && rows[i - 1][j] != null) {
                        cell.setCellValue(rows[i - 1][j]);
                    }
                }
            }
            s.addMergedRegion(new org.apache.poi.ss.util.CellRangeAddress(1, 12, 2, 2));
            s.addMergedRegion(new org.apache.poi.ss.util.CellRangeAddress(1, 12, 3, 3));
            wb.write(out);
            file = out.toByteArray();
        }
        Answer r = commit(file, "merged-past-the-end.xlsx");
        assertThat(r.errors()).isEmpty();
        assertThat(r.num("rowsTotal")).isEqualTo(2);
        assertThat(stored(b, ENTERPRISE.CITY_CODE)).isEqualTo("441900");
        assertThat(stored(b, ENTERPRISE.DISTRICT)).isEqualTo("松山湖");

        dsl.deleteFrom(ENTERPRISE).execute();
        String csv = "统一社会信用代码,企业名称,所在地市,区县,主营产品\n" + a + ",东莞预填有限公司,东莞,,电主轴\n,,东莞,,\n,,东莞,,\n,东莞缺代码有限公司,东莞,,电主轴\n";
        Answer c = commit(csv.getBytes(StandardCharsets.UTF_8), "prefilled.csv");
        assertThat(c.num("rowsTotal")).as("the rows holding only the pre-filled city are empty rows").isEqualTo(2);
        assertThat(c.errors()).as("a row with a name but no code is still refused").singleElement()
                .satisfies(e -> assertThat(e).containsEntry("row", 5).containsEntry("code", "REQUIRED"));
    }

    /**
     * Inline strings with rich-text runs in an indented sheet part (as XML libraries write it): the line breaks and
     * indentation between the runs were read into the text, so the name became 东莞内联 有限公司 and the products
     * 滚珠\n丝杠, where Excel shows 东莞内联有限公司 and 滚珠丝杠. A space inside a run's text is kept.
     */
    @Test
    void inlineRichTextInAnIndentedSheetReadsAsExcelShowsIt() {
        String a = code();
        byte[] xlsx = RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(RegistryFixtures.row(code(), "占位", "东莞", "电主轴"))));
        String sheet = """
                <?xml version="1.0" encoding="UTF-8"?>
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
                  <sheetData>
                    <row r="1">
                      <c r="A1" t="inlineStr">
                        <is>
                          <t>统一社会信用代码</t>
                        </is>
                      </c>
                      <c r="B1" t="inlineStr"><is><t>企业名称</t></is></c>
                      <c r="C1" t="inlineStr"><is><t>所在地市</t></is></c>
                      <c r="D1" t="inlineStr"><is><t>主营产品</t></is></c>
                    </row>
                    <row r="2">
                      <c r="A2" t="inlineStr">
                        <is>
                          <t>%s</t>
                        </is>
                      </c>
                      <c r="B2" t="inlineStr">
                        <is>
                          <r>
                            <rPr><b/></rPr>
                            <t>东莞内联</t>
                          </r>
                          <r>
                            <t>有限公司</t>
                          </r>
                        </is>
                      </c>
                      <c r="C2" t="inlineStr"><is><t>东莞</t></is></c>
                      <c r="D2" t="inlineStr"><is><r><t>滚珠</t></r>
                <r><t>丝杠</t></r><r><t xml:space="preserve"> 电主轴</t></r></is></c>
                    </row>
                  </sheetData>
                </worksheet>""".formatted(a).strip();
        Answer r = commit(rewriteSheet(xlsx, x -> sheet), "indented.xlsx");
        assertThat(r.errors()).isEmpty();
        assertThat(stored(a, ENTERPRISE.NAME)).isEqualTo("东莞内联有限公司");
        assertThat(stored(a, ENTERPRISE.MAIN_PRODUCTS)).isEqualTo("滚珠丝杠 电主轴");
    }

    /**
     * The registry on a hidden sheet (hidden by mistake, or very hidden by a macro) and a visible sheet with a note
     * only: the refusal said no header was found in the first 30 rows, naming neither the sheet searched nor the
     * hidden one the rows are on.
     */
    @Test
    void whenTheOnlyRegistryIsOnAHiddenSheetTheRefusalNamesItAndSaysToUnhideIt() throws IOException {
        byte[] file;
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet data = wb.createSheet("2026年名录");
            header(data, 0, "统一社会信用代码", "企业名称", "所在地市", "主营产品");
            header(data, 1, code(), "东莞隐藏有限公司", "东莞", "电主轴");
            Sheet note = wb.createSheet("填报说明");
            header(note, 0, "请在名录表中填写本市企业");
            wb.setSheetVisibility(0, org.apache.poi.ss.usermodel.SheetVisibility.VERY_HIDDEN);
            wb.setActiveSheet(1);
            wb.write(out);
            file = out.toByteArray();
        }
        Answer r = upload(file, "hidden-only.xlsx", "dryRun=true");
        assertThat(r.status()).isEqualTo(422);
        assertThat((String) r.body().get("message")).contains("「填报说明」").contains("「2026年名录」").contains("取消隐藏");
        assertThat(dsl.fetchCount(ENTERPRISE)).isZero();
    }

    /**
     * The platform's own template, filled in and uploaded: the dry run told the clerk that the hidden sheet 选项 (the
     * template's drop-down lists) was not read and to unhide it if it should be imported.
     */
    @Test
    void theTemplatesOwnHiddenListsSheetIsNotReportedAsSkippedData() throws IOException {
        byte[] template = client.toBlocking().retrieve(HttpRequest.GET("/api/v1/templates/enterprise-registry.xlsx")
                .basicAuth("admin", ADMIN_PASSWORD), byte[].class);
        String a = code();
        byte[] filled;
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(template)); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            assertThat(wb.isSheetHidden(wb.getSheetIndex("选项"))).as("the template keeps its lists on a hidden sheet").isTrue();
            Sheet s = wb.getSheetAt(0);
            Row header = s.getRow(0);
            Row r = s.createRow(1);
            for (Cell h : header) {
                String v = switch (h.getStringCellValue().replace("*", "").strip()) {
                    case "统一社会信用代码" -> a;
                    case "企业名称" -> "东莞模板有限公司";
                    case "所在地市" -> "东莞";
                    case "主营产品" -> "电主轴";
                    default -> null;
                };
                if (v != null) {
                    r.createCell(h.getColumnIndex()).setCellValue(v);
                }
            }
            wb.write(out);
            filled = out.toByteArray();
        }
        Answer r = commit(filled, "template.xlsx");
        assertThat(r.errors()).isEmpty();
        assertThat(stored(a, ENTERPRISE.NAME)).isEqualTo("东莞模板有限公司");
        assertThat((List<?>) r.body().get("notes")).noneSatisfy(n -> assertThat(n.toString()).contains("选项"));
    }

    // ---------------------------------------------------------------- 5. layout

    @Test
    void mergedCellsInAnXlsAndBlankRowsCostNothing() {
        String a = code();
        String b = code();
        byte[] xls = xls(s -> {
            header(s, 0, "统一社会信用代码", "企业名称", "所在地市", "主营产品");
            String[][] rows = {{a, "东莞合并一有限公司", "东莞", "电主轴"}, {b, "东莞合并二有限公司", null, "光栅尺"}};
            for (int i = 0; i < rows.length; i++) {
                Row r = s.createRow(i + 1 + i * 3); // blank rows between
                for (int j = 0; j < 4; j++) {
                    if (rows[i][j] != null) {
                        r.createCell(j).setCellValue(rows[i][j]);
                    }
                }
            }
            s.addMergedRegion(new org.apache.poi.ss.util.CellRangeAddress(1, 5, 2, 2));
        });
        Answer r = commit(xls, "merged.xls");
        assertThat(r.errors()).isEmpty();
        assertThat(r.num("rowsTotal")).isEqualTo(2);
        assertThat(stored(b, ENTERPRISE.CITY_CODE)).isEqualTo("441900");
    }

    // ---------------------------------------------------------------- 6. files that are not what their name says

    @Test
    void aWebPageTableAnXml2003AndUnicodeTextSavedAsXlsAreRead() {
        String a = code();
        String b = code();
        String html = "<html><head><meta charset=\"utf-8\"></head><body><table>"
                + "<tr><th>统一社会信用代码</th><th>企业名称</th><th>所在地市</th><th>主营产品</th></tr>"
                + "<tr><td>" + a + "</td><td>东莞网页一有限公司</td><td rowspan=\"2\">东莞</td><td>电主轴</td></tr>"
                + "<tr><td>" + b + "</td><td>东莞网页二有限公司</td><td>光栅尺</td></tr></table></body></html>";
        Answer h = commit(html.getBytes(StandardCharsets.UTF_8), "export.xls");
        assertThat(h.errors()).isEmpty();
        assertThat(h.num("inserts")).isEqualTo(2);
        assertThat(stored(b, ENTERPRISE.CITY_CODE)).isEqualTo("441900");
        assertThat((List<?>) h.body().get("notes")).anySatisfy(n -> assertThat(n.toString()).contains("网页"));

        dsl.deleteFrom(ENTERPRISE).execute();
        String xml = "<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?>"
                + "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">"
                + "<Worksheet ss:Name=\"企业名录\"><Table>"
                + "<Row><Cell><Data ss:Type=\"String\">统一社会信用代码</Data></Cell><Cell><Data ss:Type=\"String\">企业名称</Data></Cell>"
                + "<Cell><Data ss:Type=\"String\">所在地市</Data></Cell><Cell><Data ss:Type=\"String\">主营产品</Data></Cell>"
                + "<Cell><Data ss:Type=\"String\">成立日期</Data></Cell></Row>"
                + "<Row><Cell><Data ss:Type=\"String\">" + a + "</Data></Cell><Cell><Data ss:Type=\"String\">东莞XML一有限公司</Data></Cell>"
                + "<Cell ss:MergeDown=\"1\"><Data ss:Type=\"String\">东莞</Data></Cell><Cell><Data ss:Type=\"String\">电主轴</Data></Cell>"
                + "<Cell><Data ss:Type=\"DateTime\">2016-07-01T00:00:00.000</Data></Cell></Row>"
                + "<Row><Cell><Data ss:Type=\"String\">" + b + "</Data></Cell><Cell><Data ss:Type=\"String\">东莞XML二有限公司</Data></Cell>"
                + "<Cell ss:Index=\"4\"><Data ss:Type=\"String\">光栅尺</Data></Cell></Row>"
                + "</Table></Worksheet></Workbook>";
        Answer x = commit(xml.getBytes(StandardCharsets.UTF_8), "export2003.xls");
        assertThat(x.errors()).isEmpty();
        assertThat(stored(a, ENTERPRISE.FOUNDED_ON)).isEqualTo(LocalDate.of(2016, 7, 1));
        assertThat(stored(b, ENTERPRISE.CITY_CODE)).isEqualTo("441900");

        dsl.deleteFrom(ENTERPRISE).execute();
        String tsv = "统一社会信用代码\t企业名称\t所在地市\t主营产品\n" + a + "\t东莞Unicode有限公司\t东莞\t电主轴\n";
        byte[] utf16 = ("\uFEFF" + tsv).getBytes(Charset.forName("UTF-16LE"));
        Answer u = commit(utf16, "unicode.txt");
        assertThat(u.errors()).isEmpty();
        assertThat(stored(a, ENTERPRISE.NAME)).isEqualTo("东莞Unicode有限公司");
    }

    @Test
    void aWorkbookWithBrokenPropertiesOpensAnXlsmToo() {
        String a = code();
        byte[] xlsx = RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(RegistryFixtures.row(a, "东莞属性有限公司", "东莞", "电主轴"))));
        byte[] broken = rewrite(xlsx, Map.of("docProps/core.xml", "<cp:coreProperties xmlns:cp=\"x\"><dcterms:created>not a date"));
        Answer r = commit(broken, "props.xlsm");
        assertThat(r.errors()).isEmpty();
        assertThat(r.num("inserts")).isEqualTo(1);
    }

    @Test
    void aDamagedFileSaysSoWithoutAClassName() {
        byte[] xlsx = RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(RegistryFixtures.row(code(), "东莞损坏有限公司", "东莞", "电主轴"))));
        byte[] cut = java.util.Arrays.copyOf(xlsx, xlsx.length / 2);
        Answer r = upload(cut, "cut.xlsx", "dryRun=true");
        assertThat(r.status()).isEqualTo(422);
        assertThat((String) r.body().get("message")).contains("损坏").doesNotContain("Exception").doesNotContain("java");
    }

    // ---------------------------------------------------------------- 7. bounds before allocation

    @Test
    void absurdReferencesStylesAndMillionsOfBlankRowsAreBoundedBeforeAllocating() {
        byte[] xlsx = RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(RegistryFixtures.row(code(), "东莞边界有限公司", "东莞", "电主轴"))));
        byte[] farColumn = rewriteSheet(xlsx, x -> x.replace("<sheetData>", "<sheetData><row r=\"1\"><c r=\"FXSHRX1\" t=\"inlineStr\"><is><t>x</t></is></c></row>")
                .replaceFirst("<row r=\"1\"", "<row r=\"9\""));
        Answer a = upload(farColumn, "far.xlsx", "dryRun=true");
        assertThat(a.status()).isEqualTo(422);
        assertThat((String) a.body().get("message")).contains("FXSHRX1");

        byte[] hugeStyle = rewriteSheet(xlsx, x -> x.replaceFirst("(<c r=\"B2\"[^>]*?) s=\"\\d+\"", "$1 s=\"900000000\""));
        Answer s = upload(hugeStyle, "style.xlsx", "dryRun=true");
        assertThat(s.status()).as(s.body().toString()).isEqualTo(200);
        assertThat(s.num("rowsValid")).isEqualTo(1);

        StringBuilder blank = new StringBuilder();
        for (int i = 0; i < 1_100_000; i++) {
            blank.append("<row/>");
        }
        byte[] blanks = rewriteSheet(xlsx, x -> x.replace("</sheetData>", blank + "</sheetData>"));
        long t0 = System.nanoTime();
        Answer b = upload(blanks, "blanks.xlsx", "dryRun=true");
        assertThat(b.status()).isEqualTo(422);
        assertThat((String) b.body().get("message")).contains("1,048,576");
        System.out.printf("1,100,000 blank rows refused in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    // ---------------------------------------------------------------- 9. same code, another enterprise

    @Test
    void aNameChangeBeyondSpellingWaitsForTheClerkSpellingDoesNot() {
        String renamed = code();
        String spelled = code();
        commit(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(renamed, "东莞甲精密机械有限公司", "东莞", "电主轴"),
                RegistryFixtures.row(spelled, "东莞乙精密机械有限公司", "东莞", "电主轴")))), "first.xlsx");
        byte[] second = RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(renamed, "佛山丙轴承制造有限公司", "东莞", "电主轴"),
                RegistryFixtures.row(spelled, "东莞乙精密机械有限责任公司（东莞）", "东莞", "电主轴"))));
        Answer dry = upload(second, "second.xlsx", "dryRun=true");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> changes = (List<Map<String, Object>>) dry.body().get("nameChanges");
        assertThat(changes).singleElement().satisfies(c -> assertThat(c).containsEntry("creditCode", renamed)
                .containsEntry("storedName", "东莞甲精密机械有限公司").containsEntry("newName", "佛山丙轴承制造有限公司"));
        assertThat(dry.num("updates")).isEqualTo(1);
        assertThat(dry.num("skipped")).isEqualTo(1);
        long batch = ((Number) dry.body().get("batchId")).longValue();

        Answer skipped = exchange(HttpRequest.POST("/api/v1/imports/" + batch + "/commit", "").basicAuth("admin", ADMIN_PASSWORD));
        assertThat(skipped.num("skipped")).isEqualTo(1);
        assertThat(stored(renamed, ENTERPRISE.NAME)).isEqualTo("东莞甲精密机械有限公司");
        assertThat(stored(spelled, ENTERPRISE.NAME)).isEqualTo("东莞乙精密机械有限责任公司（东莞）");

        Answer confirmed = upload(second, "third.xlsx", "dryRun=false&confirmNameChanges=" + renamed);
        assertThat(confirmed.num("skipped")).isZero();
        assertThat(stored(renamed, ENTERPRISE.NAME)).isEqualTo("佛山丙轴承制造有限公司");
    }

    // ---------------------------------------------------------------- 10. errors.xlsx to fix and upload again

    @Test
    void errorsXlsxKeepsNumbersAsNumbersAndTheDropDowns() throws IOException {
        String bad = code().substring(0, 17) + "X";
        byte[] file = RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(RegistryFixtures.row(bad, "东莞错码有限公司", "东莞", "电主轴"))));
        Answer a = upload(file, "bad.xlsx", "dryRun=true");
        long batch = ((Number) a.body().get("batchId")).longValue();
        byte[] errors = client.toBlocking().retrieve(HttpRequest.GET("/api/v1/imports/" + batch + "/errors.xlsx")
                .basicAuth("admin", ADMIN_PASSWORD), byte[].class);
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(errors))) {
            Sheet s = wb.getSheet("企业名录");
            int revenue = RegistryFixtures.HEADER.indexOf("营业收入(万元)");
            Cell cell = s.getRow(1).getCell(revenue);
            assertThat(cell.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(cell.getNumericCellValue()).isEqualTo(12345.5);
            assertThat(s.getDataValidationHelper()).isNotNull();
            assertThat(((org.apache.poi.xssf.usermodel.XSSFSheet) s).getDataValidations()).isNotEmpty();
        }
    }

    // ---------------------------------------------------------------- 11. formula rows past the data

    /**
     * A form whose template columns are computed and filled down past the last enterprise (营业收入 =0*1 showing 0,
     * a sequence =ROW()-1 in 从业人数, 企业规模 =IF(…,"大","") showing nothing): each such row looks empty to the
     * clerk and was refused as missing its code, name and products. A row with a name, typed or computed, is still
     * a row and still refused for its missing code.
     */
    @Test
    void rowsHoldingOnlyFormulaResultsArePassedOverLikeBlankRowsInXlsxAndXls() throws IOException {
        for (boolean xlsx : new boolean[]{true, false}) {
            dsl.deleteFrom(ENTERPRISE).execute();
            String a = code();
            String b = code();
            byte[] file;
            try (Workbook wb = xlsx ? new XSSFWorkbook() : new HSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                Sheet s = wb.createSheet("企业名录");
                header(s, 0, "统一社会信用代码", "企业名称", "所在地市", "主营产品", "营业收入(万元)", "从业人数", "企业规模");
                String[][] data = {{a, "东莞公式一有限公司"}, {b, "东莞公式二有限公司"}};
                for (int i = 1; i <= 14; i++) {
                    Row r = s.createRow(i);
                    if (i <= 2) {
                        r.createCell(0).setCellValue(data[i - 1][0]);
                        r.createCell(1).setCellValue(data[i - 1][1]);
                        r.createCell(2).setCellValue("东莞");
                        r.createCell(3).setCellValue("电主轴");
                    } else if (i == 13) {
                        r.createCell(1).setCellValue("东莞只有名称有限公司");
                    } else if (i == 14) {
                        r.createCell(1).setCellFormula("\"东莞公式名称\"&\"有限公司\"");
                    }
                    r.createCell(4).setCellFormula(i <= 2 ? "1000*" + i : "0*1");
                    r.createCell(5).setCellFormula("ROW()-1");
                    r.createCell(6).setCellFormula("IF(E" + (i + 1) + ">100000,\"大\",\"\")");
                }
                wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
                wb.write(out);
                file = out.toByteArray();
            }
            String name = xlsx ? "formulas.xlsx" : "formulas.xls";
            Answer r = commit(file, name);
            assertThat(r.num("rowsTotal")).as(name + ": rows 4–13 hold nothing but formula results").isEqualTo(4);
            assertThat(r.num("rowsValid")).as(name).isEqualTo(2);
            assertThat(r.num("rowsRejected")).as(name).isEqualTo(2);
            assertThat(r.errors()).as(name).extracting(e -> e.get("row")).containsOnly(14, 15);
            assertThat(r.errors()).as(name + ": the named rows are refused for their missing code")
                    .filteredOn(e -> "统一社会信用代码".equals(e.get("column")))
                    .extracting(e -> e.get("row")).containsExactly(14, 15);
            assertThat((BigDecimal) stored(a, ENTERPRISE.REVENUE)).as(name + ": a computed value of a real row is read").isEqualByComparingTo("1000");
            assertThat(stored(b, ENTERPRISE.EMPLOYEES)).as(name).isEqualTo(2);
        }
    }

    // ---------------------------------------------------------------- 12. a code that may have lost its digits but passes

    /**
     * 914419001000025000: all digits, ending in 000, and its check character happens to be right. A real code can
     * look like that, so it is not refused; but it is what a number cell or a CSV of one leaves of 914419001000025127,
     * so the clerk is told where it is and asked to check it — from a CSV, a text cell of an .xls or of an .xlsx alike.
     */
    @Test
    void anAllDigitCodeEndingIn000ThatPassesTheCheckIsImportedWithAWarningToCheckIt() {
        String suspect = "914419001000025000";
        assertThat(CreditCode.check(suspect)).isEqualTo(CreditCode.Problem.NONE);
        String other = code();
        String csv = "统一社会信用代码,企业名称,所在地市,主营产品\n" + other + ",东莞正常代码有限公司,东莞,电主轴\n"
                + suspect + ",东莞疑似丢位有限公司,东莞,电主轴\n";
        byte[] csvFile = csv.getBytes(StandardCharsets.UTF_8);
        Answer dry = upload(csvFile, "疑似丢位.csv", "dryRun=true");
        assertThat(dry.num("rowsRejected")).isZero();
        assertThat(dry.num("rowsValid")).isEqualTo(2);
        assertThat(notes(dry)).as("the dry run warns").filteredOn(n -> n.contains(suspect)).singleElement().satisfies(n ->
                assertThat(n).contains("疑似丢位.csv").contains("第 3 行").contains("统一社会信用代码").contains("15 位").contains("核对"));
        Answer committed = upload(csvFile, "疑似丢位.csv", "dryRun=false");
        assertThat(committed.num("inserts")).isEqualTo(2);
        assertThat(notes(committed)).as("the commit warns too").anySatisfy(n -> assertThat(n).contains(suspect).contains("第 3 行"));
        assertThat(stored(suspect, ENTERPRISE.NAME)).isEqualTo("东莞疑似丢位有限公司");
        assertThat(notes(committed)).as("a normal code is not mentioned").noneSatisfy(n -> assertThat(n).contains(other));

        dsl.deleteFrom(ENTERPRISE).execute();
        byte[] xls = xls(s -> {
            header(s, 0, "统一社会信用代码", "企业名称", "所在地市", "主营产品");
            Row r = s.createRow(1);
            r.createCell(0).setCellValue(suspect);
            r.createCell(1).setCellValue("东莞疑似丢位有限公司");
            r.createCell(2).setCellValue("东莞");
            r.createCell(3).setCellValue("电主轴");
        });
        Answer x = commit(xls, "疑似丢位.xls");
        assertThat(x.num("inserts")).isEqualTo(1);
        assertThat(notes(x)).anySatisfy(n -> assertThat(n).contains(suspect).contains("疑似丢位.xls").contains("第 2 行"));

        dsl.deleteFrom(ENTERPRISE).execute();
        Answer t = commit(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(suspect, "东莞疑似丢位有限公司", "东莞", "电主轴")))), "疑似丢位.xlsx");
        assertThat(t.num("inserts")).isEqualTo(1);
        assertThat(notes(t)).anySatisfy(n -> assertThat(n).contains(suspect).contains("疑似丢位.xlsx").contains("第 2 行"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> notes(Answer a) {
        return (List<String>) a.body().get("notes");
    }

    // ---------------------------------------------------------------- 13. a header typed on two lines

    /**
     * 营业收入（千元） typed with Alt+Enter before the unit: the note and the errors quoted the header with its line
     * break. They quote it as the sheet shows it on one line, and errors.xlsx still marks the bad cell.
     */
    @Test
    void aHeaderWithALineBreakIsQuotedOnOneLineInNotesAndErrors() throws IOException {
        String good = code();
        byte[] file = RegistryFixtures.xlsx(List.of(
                List.of("统一社会信用代码", "企业名称", "所在地市", "主营产品", "营业收入\n（千元）", "从业\n人数"),
                List.of(good, "东莞两行表头有限公司", "东莞", "电主轴", 1234.5, 30),
                List.of(code(), "东莞人数不对有限公司", "东莞", "电主轴", 10, "很多")));
        Answer a = upload(file, "两行表头.xlsx", "dryRun=true");
        assertThat(notes(a)).anySatisfy(n -> assertThat(n).contains("「营业收入（千元）」按千元读取"));
        assertThat(notes(a)).noneSatisfy(n -> assertThat(n).contains("\n"));
        assertThat(a.errors()).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("column", "从业人数").containsEntry("row", 3);
            assertThat((String) e.get("message")).doesNotContain("\n");
        });
        long batch = ((Number) a.body().get("batchId")).longValue();
        byte[] errors = client.toBlocking().retrieve(HttpRequest.GET("/api/v1/imports/" + batch + "/errors.xlsx")
                .basicAuth("admin", ADMIN_PASSWORD), byte[].class);
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(errors))) {
            Row bad = wb.getSheet("企业名录").getRow(1);
            assertThat(bad.getCell(5).getCellStyle().getFillForegroundColor()).as("the bad cell is still marked")
                    .isNotEqualTo(bad.getCell(1).getCellStyle().getFillForegroundColor());
            assertThat(bad.getCell(6).getStringCellValue()).startsWith("【从业人数】");
        }
        Answer c = upload(file, "两行表头.xlsx", "dryRun=false");
        assertThat(c.num("inserts")).isEqualTo(1);
        assertThat((BigDecimal) stored(good, ENTERPRISE.REVENUE)).isEqualByComparingTo("123.45");
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] rewriteSheet(byte[] xlsx, java.util.function.UnaryOperator<String> change) {
        return rewrite(xlsx, Map.of("xl/worksheets/sheet1.xml", change));
    }

    private static byte[] rewrite(byte[] xlsx, Map<String, ?> parts) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(xlsx));
             ByteArrayOutputStream out = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] data = in.readAllBytes();
                zip.putNextEntry(new ZipEntry(e.getName()));
                Object change = parts.get(e.getName());
                if (change instanceof String replacement) {
                    data = replacement.getBytes(StandardCharsets.UTF_8);
                } else if (change instanceof java.util.function.UnaryOperator<?> op) {
                    @SuppressWarnings("unchecked")
                    java.util.function.UnaryOperator<String> f = (java.util.function.UnaryOperator<String>) op;
                    data = f.apply(new String(data, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                zip.write(data);
                zip.closeEntry();
            }
            zip.finish();
            return out.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
