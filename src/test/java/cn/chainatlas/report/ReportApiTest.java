package cn.chainatlas.report;

import cn.chainatlas.chain.ReportFixtures;
import cn.chainatlas.common.Role;
import cn.chainatlas.testing.DatabaseTest;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFChart;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gap report as it leaves the platform: the workbook and the Word report say what the gap table says, with
 * native charts over the workbook's own cells, under a Chinese file name; who may download what, and the history.
 */
@MicronautTest
class ReportApiTest extends DatabaseTest {

    static final String PASSWORD = "report-test-pw";
    static final String DONGGUAN = URLEncoder.encode("东莞", StandardCharsets.UTF_8);

    @Inject
    @Client("/")
    HttpClient http;
    @Inject
    DSLContext dsl;
    @Inject
    io.micronaut.context.ApplicationContext context;

    @Override
    protected String seedMode() {
        return "none";
    }

    @BeforeAll
    void data() {
        ReportFixtures.load(context);
        TestUsers.create(dsl, "prov", PASSWORD, Role.PROVINCE, null, null);
        TestUsers.create(dsl, "dg", PASSWORD, Role.CITY, "441900", null);
        TestUsers.create(dsl, "fs", PASSWORD, Role.CITY, "440600", null);
        TestUsers.create(dsl, "lead", PASSWORD, Role.LEADER, null, ReportFixtures.LEADER_DG);
    }

    private MutableHttpRequest<?> get(String url, String user) {
        return HttpRequest.GET(url).basicAuth(user, PASSWORD);
    }

    private HttpResponse<byte[]> download(String url, String user) {
        return http.toBlocking().exchange(get(url, user), byte[].class);
    }

    private static String fileName(HttpResponse<?> response) {
        String cd = response.header("Content-Disposition");
        assertThat(cd).startsWith("attachment;").contains("filename*=UTF-8''");
        return URLDecoder.decode(cd.substring(cd.indexOf("UTF-8''") + 7), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> gapsApi(String user) {
        return http.toBlocking().retrieve(get("/api/v1/chains/MINI/gaps?region=" + DONGGUAN, user),
                Argument.listOf(Argument.mapOf(String.class, Object.class)));
    }

    /**
     * A node whose demand is withheld from the reader (too few leaders) reads 不公开 in the workbook, as its 需求金额占比
     * does, never 无数据 (which says there is no demand); a node without demand still reads 无数据.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aWithheldNodeReadsNotPublishedNotNoData() throws IOException {
        int withheld = 0;
        int without = 0;
        for (String[] who : new String[][]{{"fs", "province"}, {"lead", "province"}, {"fs", DONGGUAN}}) {
            List<Map<String, Object>> api = http.toBlocking().retrieve(get("/api/v1/chains/MINI/gaps?region=" + who[1], who[0]),
                    Argument.listOf(Argument.mapOf(String.class, Object.class)));
            try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(
                    download("/api/v1/reports/gaps.xlsx?chain=MINI&region=" + who[1], who[0]).body()))) {
                Map<String, Row> byNode = new HashMap<>();
                wb.getSheet("缺口清单").forEach(r -> byNode.put(text(r.getCell(0)), r));
                for (Map<String, Object> g : api) {
                    Map<String, Object> d = (Map<String, Object>) g.get("demand");
                    Row row = byNode.get((String) g.get("nodeName"));
                    if (Boolean.TRUE.equals(d.get("withheld"))) {
                        withheld++;
                        assertThat(text(row.getCell(7))).as("%s %s", who[0], g.get("nodeName")).isEqualTo("不公开");
                        assertThat(text(row.getCell(8))).isEqualTo("不公开");
                    } else if (g.get("localisationRate") == null) {
                        without++;
                        assertThat(text(row.getCell(7))).as("%s %s", who[0], g.get("nodeName")).isEqualTo("无数据");
                    }
                }
            }
        }
        assertThat(withheld).as("the fixtures withhold some node from some reader").isPositive();
        assertThat(without).isPositive();
    }

    @Test
    void workbookSaysWhatTheGapTableSaysWithNativeCharts() throws IOException {
        HttpResponse<byte[]> response = download("/api/v1/reports/gaps.xlsx?chain=MINI&region=" + DONGGUAN, "dg");
        assertThat(response.getContentType()).hasValueSatisfying(t -> assertThat(t.toString()).contains("spreadsheetml"));
        assertThat(fileName(response)).isEqualTo("迷你机床链-东莞-缺口报告-" + LocalDate.now() + ".xlsx");

        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
            assertThat(IntStream.range(0, wb.getNumberOfSheets()).mapToObj(wb::getSheetName))
                    .containsExactly("概览", "缺口清单", "候选配套", "链主需求", "方法说明");

            // every node of the gap table, with the same status and reasons, worst first
            Sheet gaps = wb.getSheet("缺口清单");
            assertThat(texts(gaps.getRow(0))).startsWith("环节", "层级", "状态", "判定依据", "本地供应商");
            List<Map<String, Object>> api = gapsApi("dg");
            assertThat(gaps.getLastRowNum()).isEqualTo(api.size());
            for (int i = 0; i < api.size(); i++) {
                Row row = gaps.getRow(i + 1);
                Map<String, Object> g = api.get(i);
                assertThat(text(row.getCell(0))).isEqualTo(g.get("nodeName"));
                assertThat(text(row.getCell(2))).as("%s", g.get("nodeName")).isEqualTo(g.get("status"));
                assertThat(text(row.getCell(3))).isEqualTo(String.join("；", (List<String>) g.get("reasons")));
                assertThat(row.getCell(4).getNumericCellValue()).isEqualTo(((Number) g.get("localSuppliers")).doubleValue());
            }
            Map<String, Row> byNode = new HashMap<>();
            gaps.forEach(r -> byNode.put(text(r.getCell(0)), r));
            assertThat(text(byNode.get("电主轴").getCell(2))).isEqualTo("卡脖子");
            // a rate is a number formatted as a percentage, not text: the clerk can sort and sum it
            Cell rate = byNode.get("电主轴").getCell(7);
            assertThat(rate.getNumericCellValue()).isBetween(0.0, 1.0);
            assertThat(new DataFormatter().formatCellValue(rate)).endsWith("%");

            // two charts on the overview, drawn from the overview's own cells, so editing a cell redraws the chart
            XSSFSheet overview = wb.getSheet("概览");
            XSSFDrawing drawing = overview.getDrawingPatriarch();
            assertThat(drawing).isNotNull();
            List<XSSFChart> charts = drawing.getCharts();
            assertThat(charts).hasSize(2);
            assertThat(charts.get(0).getTitleText().getString()).contains("缺口状态");
            for (XSSFChart chart : charts) {
                for (XDDFChartData data : chart.getChartSeries()) {
                    for (int s = 0; s < data.getSeriesCount(); s++) {
                        XDDFChartData.Series series = data.getSeries(s);
                        assertThat(series.getCategoryData().getDataRangeReference()).matches("'?概览'?!.*");
                        assertThat(series.getValuesData().getDataRangeReference()).matches("'?概览'?!.*");
                    }
                }
            }
            // the status chart: one series per status, one category per level the mini chain has (整机 to 软件)
            XDDFChartData status = charts.get(0).getChartSeries().get(0);
            assertThat(status.getSeriesCount()).isEqualTo(5);
            assertThat(status.getSeries(0).getCategoryData().getPointCount()).isEqualTo(6);
            String firstTitle = ((org.apache.poi.xddf.usermodel.chart.XDDFBarChartData.Series) status.getSeries(0))
                    .getCTBarSer().getTx().getStrRef().getF();
            org.apache.poi.ss.util.CellReference titleCell = new org.apache.poi.ss.util.CellReference(firstTitle);
            assertThat(text(overview.getRow(titleCell.getRow()).getCell(titleCell.getCol()))).isEqualTo("卡脖子");
            // stacked columns drawn on each other, as Excel's own stacked chart
            assertThat(charts.get(0).getCTChart().getPlotArea().getBarChartArray(0).xmlText()).contains("overlap val=\"100\"");

            String everything = allText(wb);
            assertThat(texts(wb.getSheet("方法说明"))).contains("依赖进口：", "卡脖子：依赖进口的关键环节");
            assertThat(everything).doesNotContain(".yaml").doesNotContain("Exception");
            // the city's bureau reads its own leaders' demands under each node's total; another city's leader never
            assertThat(texts(wb.getSheet("链主需求"))).contains("（合计）", "东莞链主机床有限公司").doesNotContain("佛山链主加工中心有限公司");
        }
    }

    /**
     * The candidates are the region's own enterprises as the matching rules rank them against the region's open
     * demands of each gap node, best first; a leader's report has none (they rest on other leaders' demands).
     */
    @Test
    void candidatesAreLocalEnterprisesRankedForTheGapsAndOnlyForReadersOfTheDemands() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(
                download("/api/v1/reports/gaps.xlsx?chain=MINI&region=" + DONGGUAN, "dg").body()))) {
            Sheet c = wb.getSheet("候选配套");
            assertThat(texts(c.getRow(0))).startsWith("环节", "企业", "城市", "匹配档次", "得分");
            assertThat(c.getLastRowNum()).isPositive();
            Map<String, Double> lastScore = new HashMap<>();
            for (int i = 1; i <= c.getLastRowNum(); i++) {
                Row r = c.getRow(i);
                assertThat(text(r.getCell(2))).as("row %d is a 东莞 enterprise", i).isEqualTo("东莞");
                assertThat(text(r.getCell(3))).isIn("推荐", "待核实", "不推荐");
                double score = r.getCell(4).getNumericCellValue();
                Double before = lastScore.put(text(r.getCell(0)), score);
                assertThat(before == null || before >= score).as("best first within %s", text(r.getCell(0))).isTrue();
                assertThat(text(r.getCell(5))).contains("条该环节链主需求的硬性条件");
            }
            // 供需对接 as the figures page counts it: the fixture's demands are published, no record exists yet
            assertThat(texts(wb.getSheet("链主需求"))).contains("供需对接进展", "对接记录 0 条", "本地配套率（按链主需求登记的采购来源计，已计入批量供货的对接记录）：省内");
        }
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(
                download("/api/v1/reports/gaps.xlsx?chain=MINI&region=" + DONGGUAN, "lead").body()))) {
            assertThat(wb.getSheet("候选配套")).isNull();
            // a leader's report has totals per node only: no leader's name sits beside its demand
            assertThat(texts(wb.getSheet("链主需求"))).contains("（合计）").doesNotContain("东莞链主机床有限公司", "佛山链主加工中心有限公司");
            assertThat(allText(wb)).doesNotContain("供需对接进展");
        }
    }

    /**
     * Each leader's line under a node is counted and rated by the gap analysis' own rule: for Dongguan the only
     * leader's 电主轴 line says what the gap table says of the node; for the province the two leaders' lines add up to
     * the node's total and their value-weighted rates to its 本地化率.
     */
    @Test
    @SuppressWarnings("unchecked")
    void leaderLinesAgreeWithTheGapTable() throws IOException {
        for (String[] reader : new String[][]{{"dg", DONGGUAN}, {"prov", "province"}}) {
            List<Map<String, Object>> api = http.toBlocking().retrieve(get("/api/v1/chains/MINI/gaps?region=" + reader[1], reader[0]),
                    Argument.listOf(Argument.mapOf(String.class, Object.class)));
            Map<String, Object> spindle = api.stream().filter(g -> g.get("nodeCode").equals("SPINDLE")).findFirst().orElseThrow();
            double nodeRate = ((Number) spindle.get("localisationRate")).doubleValue();
            int nodeDemands = ((Number) ((Map<String, Object>) spindle.get("demand")).get("demands")).intValue();
            try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(
                    download("/api/v1/reports/gaps.xlsx?chain=MINI&region=" + reader[1], reader[0]).body()))) {
                Sheet s = wb.getSheet("链主需求");
                Double totalRate = null;
                int totalDemands = -1;
                int leaderDemands = 0;
                double value = 0;
                double local = 0;
                List<String> leaders = new ArrayList<>();
                for (Row r : s) {
                    if (!"电主轴".equals(text(r.getCell(0)))) {
                        continue;
                    }
                    if (text(r.getCell(1)).equals("（合计）")) {
                        totalRate = r.getCell(5).getNumericCellValue();
                        totalDemands = (int) r.getCell(2).getNumericCellValue();
                    } else {
                        leaders.add(text(r.getCell(1)));
                        leaderDemands += (int) r.getCell(2).getNumericCellValue();
                        double v = r.getCell(3).getNumericCellValue();
                        value += v;
                        local += v * r.getCell(5).getNumericCellValue();
                    }
                }
                assertThat(totalRate).as(reader[0]).isCloseTo(nodeRate, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(totalDemands).as(reader[0]).isEqualTo(nodeDemands);
                assertThat(leaderDemands).as("%s: the leaders' lines add up to the total", reader[0]).isEqualTo(nodeDemands);
                assertThat(local / value).as("%s: value-weighted leader rates give the node's", reader[0])
                        .isCloseTo(nodeRate, org.assertj.core.data.Offset.offset(1e-9));
                if (reader[0].equals("dg")) {
                    assertThat(leaders).containsExactly("东莞链主机床有限公司");
                } else {
                    assertThat(leaders).hasSize(2);
                }
            }
        }
    }

    @Test
    void wordReportNamesTheChokepointsWithTheirReasonsAndCharts() throws Exception {
        HttpResponse<byte[]> response = download("/api/v1/reports/gaps.docx?chain=MINI&region=" + DONGGUAN, "dg");
        assertThat(fileName(response)).isEqualTo("迷你机床链-东莞-缺口报告-" + LocalDate.now() + ".docx");
        List<Map<String, Object>> api = gapsApi("dg");
        Map<String, Object> spindle = api.stream().filter(g -> g.get("nodeCode").equals("SPINDLE")).findFirst().orElseThrow();

        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(response.body()))) {
            List<XWPFParagraph> paragraphs = doc.getParagraphs();
            List<String> headings = paragraphs.stream().filter(p -> p.getStyle() != null && p.getStyle().startsWith("Heading"))
                    .map(XWPFParagraph::getText).toList();
            assertThat(headings).contains("一、产业链概况", "二、主要缺口及原因", "四、链主需求与对接进展", "五、建议", "附：方法说明");
            assertThat(headings).anySatisfy(h -> assertThat(h).contains("电主轴").endsWith("卡脖子"));
            String body = String.join("\n", paragraphs.stream().map(XWPFParagraph::getText).toList());
            assertThat(body).contains("迷你机床链产业链缺口报告", String.join("；", (List<String>) spindle.get("reasons")))
                    .doesNotContain(".yaml");
            // the status chart and the chokepoint chart, each with its data embedded so Word can edit it
            List<XWPFChart> charts = doc.getCharts();
            assertThat(charts).hasSizeGreaterThanOrEqualTo(2);
            for (XWPFChart chart : charts) {
                assertThat(chart.getWorkbook().getSheetAt(0).getLastRowNum()).isGreaterThan(0);
            }
            assertThat(body).contains("图1", "图2");
        }
    }

    @Test
    void theProvinceOverviewIsTheProvincesAlone() throws IOException {
        HttpResponse<byte[]> response = download("/api/v1/reports/gaps.xlsx?chain=all", "prov");
        assertThat(fileName(response)).isEqualTo("全省产业链缺口总览-" + LocalDate.now() + ".xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
            List<String> chainsInReport = new ArrayList<>();
            Sheet s = wb.getSheet("概览");
            for (int r = 3; r <= s.getLastRowNum(); r++) {
                if (s.getRow(r) != null && !text(s.getRow(r).getCell(0)).isEmpty()) {
                    chainsInReport.add(text(s.getRow(r).getCell(0)));
                }
            }
            assertThat(chainsInReport).contains("迷你机床链");
            // per chain, what the chain's province report lists: candidates and matchmaking progress; the rest is said
            Sheet candidates = wb.getSheet("候选配套");
            assertThat(texts(candidates.getRow(0))).startsWith("产业链", "环节", "企业");
            assertThat(texts(candidates)).contains("迷你机床链", "条该环节链主需求的硬性条件");
            assertThat(texts(wb.getSheet("对接进展"))).contains("迷你机床链", "本地配套率");
            assertThat(texts(wb.getSheet("方法说明"))).contains("各链主的需求明细与图表见各产业链的缺口报告");
            // the Word overview names the same candidates, node by node, for the meeting to discuss
            String node = text(candidates.getRow(1).getCell(1));
            String firm = text(candidates.getRow(1).getCell(2));
            try (org.apache.poi.xwpf.usermodel.XWPFDocument doc = new org.apache.poi.xwpf.usermodel.XWPFDocument(
                    new ByteArrayInputStream(download("/api/v1/reports/gaps.docx?chain=all", "prov").body()));
                 org.apache.poi.xwpf.extractor.XWPFWordExtractor words = new org.apache.poi.xwpf.extractor.XWPFWordExtractor(doc)) {
                assertThat(words.getText()).contains("——" + node + "：" + firm);
            }
        }
        assertThatThrownBy(() -> download("/api/v1/reports/gaps.docx?chain=all", "dg"))
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(403);
                    assertThat(e.getResponse().getBody(String.class).orElse("")).contains("各地市可下载本市");
                });
    }

    @Test
    void badRequestsAreSaidInChinese() {
        assertThatThrownBy(() -> download("/api/v1/reports/gaps.xlsx?chain=NOPE", "dg"))
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(404);
                    assertThat(e.getResponse().getBody(String.class).orElse("")).contains("NOPE").doesNotContain("Exception");
                });
        assertThatThrownBy(() -> download("/api/v1/reports/gaps.xlsx?chain=MINI&region=" + URLEncoder.encode("火星", StandardCharsets.UTF_8), "dg"))
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                    assertThat(e.getStatus().getCode()).isBetween(400, 404);
                    assertThat(e.getResponse().getBody(String.class).orElse("")).contains("火星");
                });
        assertThatThrownBy(() -> http.toBlocking().exchange(HttpRequest.GET("/api/v1/reports/gaps.xlsx?chain=MINI"), byte[].class))
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(401));
    }

    @Test
    void aKeptReportIsDownloadedAgainByItsAuthorsCityAndTheProvinceOnly() {
        byte[] first = download("/api/v1/reports/gaps.xlsx?chain=MINI&region=" + DONGGUAN, "dg").body();
        List<Map<String, Object>> history = http.toBlocking().retrieve(get("/api/v1/reports", "dg"),
                Argument.listOf(Argument.mapOf(String.class, Object.class)));
        Map<String, Object> mine = history.get(0);
        assertThat(mine.get("fileName")).isEqualTo("迷你机床链-东莞-缺口报告-" + LocalDate.now() + ".xlsx");
        Number id = (Number) mine.get("id");

        assertThat(download("/api/v1/reports/" + id + "/file", "dg").body()).isEqualTo(first);
        assertThat(download("/api/v1/reports/" + id + "/file", "prov").body()).isEqualTo(first);
        assertThat(http.toBlocking().retrieve(get("/api/v1/reports", "fs"), Argument.listOf(Argument.mapOf(String.class, Object.class))))
                .noneSatisfy(e -> assertThat(e.get("id")).isEqualTo(id));
        assertThatThrownBy(() -> download("/api/v1/reports/" + id + "/file", "fs"))
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(403));
        assertThatThrownBy(() -> download("/api/v1/reports/" + id + "/file", "lead"))
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(403));
    }

    private static String text(Cell c) {
        return c == null ? "" : new DataFormatter().formatCellValue(c);
    }

    private static List<String> texts(Row r) {
        List<String> out = new ArrayList<>();
        r.forEach(c -> out.add(text(c)));
        return out;
    }

    private static String texts(Sheet s) {
        StringBuilder b = new StringBuilder();
        s.forEach(r -> r.forEach(c -> b.append(text(c)).append('\t')));
        return b.toString();
    }

    private static String allText(XSSFWorkbook wb) {
        StringBuilder b = new StringBuilder();
        wb.forEach(s -> b.append(texts(s)));
        return b.toString();
    }
}
