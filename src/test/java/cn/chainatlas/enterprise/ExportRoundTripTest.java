package cn.chainatlas.enterprise;

import cn.chainatlas.common.CreditCode;
import cn.chainatlas.imports.ImportTestSupport;
import cn.chainatlas.imports.RegistryFixtures;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
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

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class ExportRoundTripTest extends ImportTestSupport {

    static final Random RANDOM = new Random(5);
    static final String UNCLASSIFIED = CreditCode.random(RANDOM, "440300");
    static final String FORMULA_LIKE = CreditCode.random(RANDOM, "440100");

    @BeforeAll
    void registry() {
        List<List<Object>> rows = new ArrayList<>();
        List<Object> header = new ArrayList<>(RegistryFixtures.HEADER);
        header.add("备注");
        rows.add(header);
        for (int i = 0; i < 30; i++) {
            String city = RegistryFixtures.CITIES[i % 21][1];
            List<Object> r = RegistryFixtures.row(CreditCode.random(RANDOM, RegistryFixtures.CITIES[i % 21][0]),
                    city + "测试" + i + "精密有限公司", i % 2 == 0 ? city + "市" : city, i % 3 == 0 ? "数控系统、光栅尺" : "精密轴承");
            if (i % 4 == 0) {
                r.set(7, "齿轮箱");
            }
            if (i % 5 == 0) {
                r.add("重点企业" + i);
            }
            if (i % 6 == 0) {
                r.set(9, "链主、单项冠军");
                r.set(10, 123456789.12);
            }
            rows.add(r);
        }
        rows.add(RegistryFixtures.row(UNCLASSIFIED, "深圳某贸易有限公司", "深圳", "进出口贸易"));
        List<Object> f = RegistryFixtures.row(FORMULA_LIKE, "=HYPERLINK(\"http://x\")公司", "广州", "+电主轴");
        f.set(15, "@精度0.1μm");
        f.set(17, "-13800138000");
        rows.add(f);
        rows.add(RegistryFixtures.row(CreditCode.random(RANDOM, "320500"), "苏州外省有限公司", "省外-江苏", "海缆"));
        Answer a = upload(RegistryFixtures.xlsx(rows), "registry.xlsx", "dryRun=false");
        assertThat(a.errors()).as(a.body().toString()).isEmpty();
        assertThat(a.num("inserts")).isEqualTo(33);
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private byte[] export(String query) {
        return client.toBlocking().retrieve(HttpRequest.GET("/api/v1/enterprises/export.xlsx" + query)
                .basicAuth("admin", ADMIN_PASSWORD), byte[].class);
    }

    @Test
    void exportThenImportChangesNothing() throws Exception {
        // a clerk assigns a node to the unclassified one and edits another before exporting
        Answer assign = exchange(HttpRequest.POST("/api/v1/enterprises/" + UNCLASSIFIED + "/nodes", Map.of("nodes", List.of("GEARBOX")))
                .basicAuth("admin", ADMIN_PASSWORD));
        assertThat(assign.status()).isEqualTo(200);
        String before = registrySnapshot();
        byte[] xlsx = export("");
        Answer a = upload(xlsx, "export.xlsx", "dryRun=false");
        assertThat(a.errors()).as(a.body().toString()).isEmpty();
        assertThat(a.num("rowsValid")).isEqualTo(33);
        assertThat(a.num("inserts")).isZero();
        assertThat(a.num("updates")).isZero();
        assertThat(a.num("unchanged")).isEqualTo(33);
        assertThat(registrySnapshot()).isEqualTo(before);
    }

    @jakarta.inject.Inject
    RegistryExport registryExport;

    /** Every cell of the first sheet: type, value and number format, row by row. */
    private static List<String> cells(byte[] xlsx) throws Exception {
        List<String> out = new ArrayList<>();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            for (Row r : wb.getSheetAt(0)) {
                StringBuilder line = new StringBuilder().append(r.getRowNum());
                for (Cell c : r) {
                    line.append(" | ").append(c.getColumnIndex()).append(':').append(c.getCellType()).append(':')
                            .append(c.getCellType() == CellType.NUMERIC ? String.valueOf(c.getNumericCellValue()) : c.getStringCellValue())
                            .append(':').append(c.getCellStyle().getDataFormatString());
                }
                out.add(line.toString());
            }
        }
        return out;
    }

    @Test
    void exportHandedOverInSmallPagesIsTheSameSheetAndChangesNothing() throws Exception {
        // the reader thread hands rows to the writer in pages; pages of 4 rows make the 33 enterprises cross nine of
        // them (the last one short), for a city bureau that sees only its own city's private fields and for the admin
        EnterpriseFilter all = new EnterpriseFilter(null, null, null, null, false);
        for (cn.chainatlas.common.Actor actor : List.of(new cn.chainatlas.common.Actor("guangzhou-test", cn.chainatlas.common.Role.CITY, "440100", null),
                new cn.chainatlas.common.Actor("admin", cn.chainatlas.common.Role.ADMIN, null, null))) {
            java.io.ByteArrayOutputStream small = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream usual = new java.io.ByteArrayOutputStream();
            assertThat(registryExport.write(actor, all, small, 4)).isEqualTo(33);
            assertThat(registryExport.write(actor, all, usual, RegistryExport.HANDOFF)).isEqualTo(33);
            List<String> cells = cells(small.toByteArray());
            assertThat(cells).hasSize(34).isEqualTo(cells(usual.toByteArray()));
            if (actor.role() == cn.chainatlas.common.Role.CITY) {
                // another city's contact phone stays out (the fixtures give every row one)
                assertThat(cells.stream().filter(l -> l.contains("17:STRING")).count()).isLessThan(33);
            }
        }
        java.io.ByteArrayOutputStream small = new java.io.ByteArrayOutputStream();
        registryExport.write(new cn.chainatlas.common.Actor("admin", cn.chainatlas.common.Role.ADMIN, null, null), all, small, 4);
        String before = registrySnapshot();
        Answer a = upload(small.toByteArray(), "export.xlsx", "dryRun=false");
        assertThat(a.errors()).as(a.body().toString()).isEmpty();
        assertThat(a.num("inserts")).isZero();
        assertThat(a.num("updates")).isZero();
        assertThat(a.num("unchanged")).isEqualTo(33);
        assertThat(registrySnapshot()).isEqualTo(before);
    }

    @Test
    void downloadsBrokenOffGiveTheirConnectionsBackAndTheNextExportIsWhole() throws Exception {
        // a clerk closes the tab mid-download: the file's stream fails under the writer and the export says so; more
        // broken downloads than the pool has connections (10), so one connection kept per break would starve the next
        // (a read stopped half-way is db.StreamedQueryTest's; these 33 rows are read before the sheet's first flush)
        EnterpriseFilter all = new EnterpriseFilter(null, null, null, null, false);
        cn.chainatlas.common.Actor admin = new cn.chainatlas.common.Actor("admin", cn.chainatlas.common.Role.ADMIN, null, null);
        for (int i = 0; i < 12; i++) {
            java.io.OutputStream broken = new java.io.OutputStream() {
                int written;

                @Override
                public void write(int b) throws java.io.IOException {
                    if (++written > 200) {
                        throw new java.io.IOException("对方已关闭连接");
                    }
                }
            };
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> registryExport.write(admin, all, broken, 1))
                    .isInstanceOf(java.io.UncheckedIOException.class);
        }
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        assertThat(registryExport.write(admin, all, whole, 1)).isEqualTo(33);
        assertThat(cells(whole.toByteArray())).hasSize(34);
    }

    @Test
    void exportHasTheTemplateHeadersAndFormulaLikeTextStaysText() throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(export("?city=" + enc("广州"))))) {
            Sheet s = wb.getSheetAt(0);
            Row h = s.getRow(0);
            assertThat(h.getCell(0).getStringCellValue()).isEqualTo("统一社会信用代码");
            assertThat(h.getCell(6).getStringCellValue()).isEqualTo("主营产品");
            for (Row r : s) {
                for (Cell c : r) {
                    assertThat(c.getCellType()).isNotEqualTo(CellType.FORMULA);
                }
            }
            Row f = null;
            for (Row r : s) {
                if (FORMULA_LIKE.equals(r.getCell(0).getStringCellValue())) {
                    f = r;
                }
            }
            assertThat(f).isNotNull();
            assertThat(f.getCell(1).getStringCellValue()).startsWith("=HYPERLINK");
            // string cells formatted as text ("@"): editing one in Excel or LibreOffice keeps it text, as a quote
            // prefix would (fastexcel, the export's writer, has no quote-prefix style)
            for (int col : new int[] {1, 6}) {
                assertThat(f.getCell(col).getCellType()).isEqualTo(CellType.STRING);
                assertThat(f.getCell(col).getCellStyle().getDataFormatString()).isEqualTo("@");
            }
            // only Guangzhou rows
            assertThat(s.getLastRowNum()).isEqualTo(3);
        }
    }

    @Test
    void listFiltersAndPages() {
        Answer all = exchange(HttpRequest.GET("/api/v1/enterprises?size=10&page=2").basicAuth("admin", ADMIN_PASSWORD));
        assertThat(all.num("total")).isEqualTo(33);
        assertThat((List<?>) all.body().get("items")).hasSize(10);
        assertThat(all.num("page")).isEqualTo(2);
        Answer byNode = exchange(HttpRequest.GET("/api/v1/enterprises?node=GEARBOX&size=100").basicAuth("admin", ADMIN_PASSWORD));
        assertThat(byNode.num("total")).isEqualTo(9);
        Answer byTier = exchange(HttpRequest.GET("/api/v1/enterprises?tier=" + enc("单项冠军") + "&city=441900").basicAuth("admin", ADMIN_PASSWORD));
        assertThat(byTier.num("total")).isGreaterThanOrEqualTo(0);
        Answer q = exchange(HttpRequest.GET("/api/v1/enterprises?q=" + enc("外省")).basicAuth("admin", ADMIN_PASSWORD));
        assertThat(q.num("total")).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> item = ((List<Map<String, Object>>) q.body().get("items")).get(0);
        assertThat(item).containsEntry("outsideProvince", "江苏");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) item.get("nodes");
        assertThat(nodes).extracting(n -> n.get("nodeCode")).containsExactly("SUBSEA_CABLE");
    }

    @Test
    void templateHasHeadersDropDownsAndInstructions() throws Exception {
        byte[] xlsx = client.toBlocking().retrieve(HttpRequest.GET("/api/v1/templates/enterprise-registry.xlsx")
                .basicAuth("admin", ADMIN_PASSWORD), byte[].class);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            var data = wb.getSheet("企业名录");
            assertThat(data.getRow(0).getCell(0).getStringCellValue()).isEqualTo("统一社会信用代码");
            assertThat(data.getRow(0).getLastCellNum()).isEqualTo((short) 19);
            assertThat(data.getDataValidations()).hasSizeGreaterThanOrEqualTo(6);
            assertThat(wb.getSheet("填写说明").getRow(1).getCell(0).getStringCellValue()).isEqualTo("统一社会信用代码");
            var lists = wb.getSheet("选项");
            assertThat(wb.isSheetHidden(wb.getSheetIndex(lists))).isTrue();
            List<String> cities = new ArrayList<>();
            for (Row r : lists) {
                if (r.getCell(0) != null) {
                    cities.add(r.getCell(0).getStringCellValue());
                }
            }
            assertThat(cities).contains("东莞", "佛山", "云浮").hasSize(22);
            // the list's name is the one errors.xlsx of a registry upload gives it (ErrorsWorkbook writes 列表_<column>)
            assertThat(wb.getName("列表_NODES").getRefersToFormula()).contains("选项");
            // products are long free text: the column opens wide enough to read them
            assertThat(data.getColumnWidth(cn.chainatlas.excel.RegistryColumn.MAIN_PRODUCTS.ordinal())).isEqualTo(30 * 256);

            // a clerk fills the template and uploads it
            String code = CreditCode.random(RANDOM, "441900");
            Row r = data.createRow(1);
            r.createCell(0).setCellValue(code);
            r.createCell(1).setCellValue("模板填写有限公司");
            r.createCell(2).setCellValue("东莞");
            r.createCell(6).setCellValue("电主轴");
            var out = new java.io.ByteArrayOutputStream();
            wb.write(out);
            Answer a = upload(out.toByteArray(), "filled.xlsx", "dryRun=true");
            assertThat(a.errors()).as(a.body().toString()).isEmpty();
            assertThat(a.num("inserts")).isEqualTo(1);
        }
    }

    @Test
    void classifyFindsNodesLongestMatchFirst() {
        List<Map<String, Object>> found = client.toBlocking().retrieve(withCsrf(HttpRequest.POST("/api/v1/classify",
                        Map.of("text", "主营：高档数控系统，高速电主轴及主轴轴承，另有贸易")).basicAuth("admin", ADMIN_PASSWORD)),
                io.micronaut.core.type.Argument.listOf(io.micronaut.core.type.Argument.mapOf(String.class, Object.class)));
        assertThat(found).extracting(m -> m.get("nodeCode")).containsExactly("CNC_SYSTEM", "ELECTRIC_SPINDLE", "BEARING");
        // the longest alias wins: 高档数控系统 (the name), not 数控系统 inside it; 主轴轴承, not 轴承
        assertThat(found.get(0)).containsEntry("matched", "高档数控系统");
        assertThat(found.get(2)).containsEntry("matched", "主轴轴承");
        assertThat(((Number) found.get(0).get("confidence")).doubleValue()).isGreaterThan(((Number) found.get(1).get("confidence")).doubleValue());
    }
}
