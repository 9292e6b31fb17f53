package cn.chainatlas.report;

import cn.chainatlas.chain.GapAnalysis;
import cn.chainatlas.chain.NodeGap;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.Units;
import org.apache.poi.xddf.usermodel.chart.AxisCrossBetween;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.BarGrouping;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xwpf.usermodel.BreakType;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFChart;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gap report as a Word document a bureau edits into its own briefing for the chain chief's meeting: a title
 * page, 一、产业链概况, 二、主要缺口及原因, 三、本地配套潜力, 四、链主需求与对接进展, 五、建议, 附：方法说明. It starts
 * from templates/report/gap-report.docx, whose heading styles (heading 1–3, Title, caption) carry East Asian fonts,
 * so a bureau's own template applies by style name; charts are native Word charts with their data embedded.
 */
final class GapDocument {

    private static final String TEMPLATE = "/views/report/gap-report.docx";
    private static final String[] NUMBERS = {"一", "二", "三", "四", "五", "六"};

    private final XWPFDocument doc;

    private GapDocument() {
        try (InputStream in = GapDocument.class.getResourceAsStream(TEMPLATE)) {
            doc = new XWPFDocument(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        while (doc.getBodyElements().size() > 0) {
            doc.removeBodyElement(0);
        }
    }

    static void write(GapReport r, OutputStream out) {
        GapDocument d = new GapDocument();
        d.report(r);
        d.save(out);
    }

    static void write(ProvinceOverview o, OutputStream out) {
        GapDocument d = new GapDocument();
        d.overview(o);
        d.save(out);
    }

    private void report(GapReport r) {
        String place = r.region().isProvince() ? "全省" : r.regionName();
        titlePage(r.chainName() + "产业链缺口报告", place + " · " + r.date(), "供链长会议参阅");
        GapAnalysis.KeyFigures f = r.figures();

        heading(1, "一、产业链概况");
        text(r.chainName() + "产业链共 " + f.nodes() + " 个环节。在" + place + "，" + statusSentence(f)
                + "本地区有链主企业 " + f.leaders() + " 家、归类到本链环节的本地供应商 " + f.localSuppliers() + " 家。"
                + (f.localisationRate() == null && r.ratesWithheld()
                ? "本地区有链主需求，但各环节的需求来自的链主过少，按规定不公开，本地化率不公开。"
                : f.localisationRate() == null ? "本地区尚无链主需求数据，本地化率无数据。"
                : "按链主需求金额计，本地化率为 " + pct(f.localisationRate()) + "（依据 " + f.nodesWithDemand() + " 个有需求数据的环节）。"));
        statusChart(r);
        caption("图1　" + r.chainName() + "产业链缺口状态（按层级，环节数）");

        heading(1, "二、主要缺口及原因");
        List<NodeGap> main = r.gaps().stream().filter(g -> List.of("CHOKEPOINT", "IMPORT_DEPENDENT", "BLANK").contains(g.statusKey())).toList();
        if (main.isEmpty()) {
            text("本地区本链没有卡脖子、依赖进口或空白环节。");
        }
        int n = 0;
        for (NodeGap g : main) {
            heading(3, "（" + (++n) + "）" + g.nodeName() + "：" + g.status());
            text(String.join("；", g.reasons()) + "。");
            r.priors().stream().filter(p -> p.nodeCode().equals(g.nodeCode())).forEach(p ->
                    text("政策依据（" + p.kindName() + "，" + p.placeName() + "）：" + p.citation() + " " + p.section() + "“" + p.quote() + "”"
                            + (p.counts() ? "" : "（未计入判定" + (p.note() == null ? "" : "：" + p.note()) + "）") + "。"));
        }
        List<NodeGap> choke = r.gaps().stream().filter(g -> "CHOKEPOINT".equals(g.statusKey())).toList();
        if (!choke.isEmpty()) {
            chokeChart(choke);
            caption("图2　卡脖子环节的本地化率与进口占比（无需求数据的环节不计）");
        }

        heading(1, "三、本地配套潜力");
        if (r.candidates().isEmpty()) {
            List<NodeGap> weak = r.gaps().stream().filter(g -> g.localSuppliers() > 0 && !"COVERED".equals(g.statusKey())).toList();
            text(weak.isEmpty() ? "缺口环节均无本地供应商。"
                    : "以下缺口环节已有本地供应商，可作为配套培育对象：" + String.join("、", weak.stream()
                    .map(g -> g.nodeName() + "（" + g.localSuppliers() + " 家）").toList()) + "。");
        } else {
            XWPFTable t = table(new String[]{"环节", "企业", "城市", "档次", "理由"});
            for (GapReport.Candidate c : r.candidates()) {
                row(t, c.nodeName(), c.name(), c.city() == null ? "" : c.city(), c.bandLabel() == null ? "" : c.bandLabel(), String.join("；", c.reasons()));
            }
        }

        heading(1, "四、链主需求与对接进展");
        if (r.demandNote() != null) {
            text(r.demandNote());
        }
        if (r.demand().isEmpty()) {
            text("本地区链主尚未在平台登记本链需求。");
        } else {
            XWPFTable t = table(new String[]{"环节", "链主", "需求条数", "年需求金额（万元）", "本地化率"});
            for (GapReport.DemandLine d : r.demand()) {
                row(t, d.nodeName(), d.leader() == null ? "（合计）" : d.leader(), Integer.toString(d.demands()),
                        d.annualValue() == null ? (d.leader() == null ? "不公开" : "未填") : String.format(Locale.ROOT, "%,.2f", d.annualValue()),
                        d.annualValue() == null && d.leader() == null ? "不公开" : d.localisationRate() == null ? "无数据" : pct(d.localisationRate()));
            }
        }

        if (!r.matchmaking().isEmpty()) {
            text("供需对接进展：");
            r.matchmaking().forEach(this::text);
        }

        heading(1, "五、建议");
        List<NodeGap> targets = r.gaps().stream().filter(g -> g.demandLeaders() > 0
                && List.of("CHOKEPOINT", "BLANK", "IMPORT_DEPENDENT").contains(g.statusKey())).toList();
        if (targets.isEmpty()) {
            text("本地区本链暂无“有链主需求而缺少本地配套”的环节。");
        } else {
            text("建议将以下有链主需求、本地配套不足的环节列为补链目标，组织供需对接或招商引进：");
            for (NodeGap g : targets) {
                text("——" + g.nodeName() + "（" + g.status() + "，" + g.demandLeaders() + " 家链主有需求，本地供应商 " + g.localSuppliers() + " 家）。");
            }
        }

        heading(1, "附：方法说明");
        r.method().forEach(this::text);
    }

    private void overview(ProvinceOverview o) {
        titlePage("广东省高端装备产业链缺口总览（" + o.chains().size() + " 条产业链）", "全省 · " + o.date(), "供链长联席会议参阅");
        heading(1, "一、总体情况");
        for (ProvinceOverview.ChainLine c : o.chains()) {
            heading(3, c.name());
            text(c.name() + "共 " + c.figures().nodes() + " 个环节，" + statusSentence(c.figures())
                    + (c.chokepoints().isEmpty() ? "" : "卡脖子环节：" + String.join("、", c.chokepoints()) + "。")
                    + (c.blanks().isEmpty() ? "" : "空白环节：" + String.join("、", c.blanks()) + "。"));
            if (!c.candidates().isEmpty()) {
                // by name, as the meeting discusses them: each gap node with its best local candidates in rank order
                java.util.Map<String, List<String>> byNode = new java.util.LinkedHashMap<>();
                c.candidates().forEach(x -> {
                    List<String> about = new java.util.ArrayList<>();
                    if (x.city() != null) {
                        about.add(x.city());
                    }
                    if (x.bandLabel() != null) {
                        about.add(x.bandLabel());
                    }
                    byNode.computeIfAbsent(x.nodeName(), k -> new java.util.ArrayList<>())
                            .add(x.name() + (about.isEmpty() ? "" : "（" + String.join("，", about) + "）"));
                });
                text("本地候选配套（" + byNode.size() + " 个缺口环节，" + c.candidates().size() + " 家本省候选企业；匹配理由见总览工作簿「候选配套」）：");
                byNode.forEach((node, names) -> text("——" + node + "：" + String.join("、", names) + "。"));
            }
            c.matchmaking().forEach(this::text);
        }
        heading(1, "附：方法说明");
        o.method().forEach(this::text);
    }

    private static String statusSentence(GapAnalysis.KeyFigures f) {
        StringBuilder b = new StringBuilder();
        for (String[] s : GapReport.STATUSES) {
            b.append(s[1]).append(' ').append(f.byStatus().getOrDefault(s[0], 0)).append(" 个").append(s[0].equals("COVERED") ? "。" : "，");
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- charts

    private void statusChart(GapReport r) {
        List<String> levels = r.levels();
        XWPFChart chart = chart();
        String[] cats = levels.toArray(String[]::new);
        XDDFDataSource<String> c = XDDFDataSourcesFactory.fromArray(cats, chart.formatRange(new CellRangeAddress(1, cats.length, 0, 0)), 0);
        XDDFBarChartData data = barData(chart, true);
        for (int i = 0; i < GapReport.STATUSES.size(); i++) {
            String key = GapReport.STATUSES.get(i)[0];
            Double[] values = new Double[cats.length];
            for (int k = 0; k < cats.length; k++) {
                String level = cats[k];
                values[k] = (double) r.gaps().stream().filter(g -> level.equals(g.level()) && key.equals(g.statusKey())).count();
            }
            series(chart, data, c, values, i + 1, GapReport.STATUSES.get(i)[1]);
        }
        chart.setTitleText("缺口状态（按层级）");
        chart.plot(data);
        StackedBars.overlapFully(chart);
    }

    private void chokeChart(List<NodeGap> choke) {
        XWPFChart chart = chart();
        List<NodeGap> measured = new ArrayList<>(choke.stream().filter(g -> g.localisationRate() != null).toList());
        if (measured.isEmpty()) {
            measured = choke;
        }
        String[] cats = measured.stream().map(NodeGap::nodeName).toArray(String[]::new);
        XDDFDataSource<String> c = XDDFDataSourcesFactory.fromArray(cats, chart.formatRange(new CellRangeAddress(1, cats.length, 0, 0)), 0);
        XDDFBarChartData data = barData(chart, false);
        series(chart, data, c, measured.stream().map(g -> g.localisationRate() == null ? 0.0 : g.localisationRate() * 100).toArray(Double[]::new), 1, "本地化率（%）");
        series(chart, data, c, measured.stream().map(g -> g.importShare() == null ? 0.0 : g.importShare() * 100).toArray(Double[]::new), 2, "进口占比（%）");
        chart.setTitleText("卡脖子环节");
        chart.plot(data);
        StackedBars.overlapFully(chart);
    }

    private XWPFChart chart() {
        try {
            XWPFChart chart = doc.createChart(15 * Units.EMU_PER_CENTIMETER, 8 * Units.EMU_PER_CENTIMETER);
            chart.setTitleOverlay(false);
            chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
            return chart;
        } catch (Exception e) {
            throw new IllegalStateException("Word chart", e);
        }
    }

    private static XDDFBarChartData barData(XWPFChart chart, boolean stacked) {
        XDDFCategoryAxis x = chart.createCategoryAxis(AxisPosition.BOTTOM);
        XDDFValueAxis y = chart.createValueAxis(AxisPosition.LEFT);
        y.setCrosses(AxisCrosses.AUTO_ZERO);
        y.setCrossBetween(AxisCrossBetween.BETWEEN);
        XDDFBarChartData data = (XDDFBarChartData) chart.createData(ChartTypes.BAR, x, y);
        data.setBarDirection(BarDirection.COL);
        data.setVaryColors(false);
        if (stacked) {
            data.setBarGrouping(BarGrouping.STACKED);
        }
        return data;
    }

    /**
     * One series, its values also written into the chart's embedded workbook (POI no longer fills it while
     * plotting), so that Word's 编辑数据 shows the numbers the chart draws.
     */
    private static void series(XWPFChart chart, XDDFBarChartData data, XDDFDataSource<String> cats, Double[] values, int col, String title) {
        try {
            XSSFSheet sheet = chart.getWorkbook().getSheetAt(0);
            XDDFNumericalDataSource<Double> v = XDDFDataSourcesFactory.fromArray(values,
                    chart.formatRange(new CellRangeAddress(1, values.length, col, col)), col);
            XSSFRow head = sheet.getRow(0) == null ? sheet.createRow(0) : sheet.getRow(0);
            head.createCell(col).setCellValue(title);
            for (int i = 0; i < values.length; i++) {
                XSSFRow row = sheet.getRow(i + 1) == null ? sheet.createRow(i + 1) : sheet.getRow(i + 1);
                row.createCell(0).setCellValue(cats.getPointAt(i));
                row.createCell(col).setCellValue(values[i]);
            }
            XDDFChartData.Series s = data.addSeries(cats, v);
            s.setTitle(title, new CellReference(sheet.getSheetName(), 0, col, true, true));
        } catch (Exception e) {
            throw new IllegalStateException("Word chart data", e);
        }
    }

    // ---------------------------------------------------------------- text

    private void titlePage(String title, String subtitle, String note) {
        for (int i = 0; i < 6; i++) {
            doc.createParagraph();
        }
        styled("Title", title);
        styled("Subtitle", subtitle);
        styled("Subtitle", note);
        XWPFParagraph end = doc.createParagraph();
        end.createRun().addBreak(BreakType.PAGE);
    }

    private void heading(int level, String text) {
        styled("Heading" + level, text);
    }

    private void caption(String text) {
        styled("Caption", text);
    }

    private void styled(String style, String text) {
        XWPFParagraph p = doc.createParagraph();
        p.setStyle(style);
        run(p, text);
    }

    private void text(String text) {
        XWPFParagraph p = doc.createParagraph();
        p.setFirstLineIndent(560);
        run(p, text);
    }

    private static void run(XWPFParagraph p, String text) {
        XWPFRun r = p.createRun();
        r.setText(text);
    }

    private XWPFTable table(String[] header) {
        XWPFTable t = doc.createTable(1, header.length);
        t.setStyleID("TableGrid");
        XWPFTableRow h = t.getRow(0);
        for (int i = 0; i < header.length; i++) {
            XWPFParagraph p = h.getCell(i).getParagraphs().get(0);
            p.setStyle("TableText");
            p.setAlignment(ParagraphAlignment.CENTER);
            XWPFRun r = p.createRun();
            r.setBold(true);
            r.setText(header[i]);
        }
        return t;
    }

    private static void row(XWPFTable t, String... cells) {
        XWPFTableRow row = t.createRow();
        for (int i = 0; i < cells.length; i++) {
            XWPFParagraph p = row.getCell(i).getParagraphs().get(0);
            p.setStyle("TableText");
            p.createRun().setText(cells[i]);
        }
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    private void save(OutputStream out) {
        try (doc) {
            doc.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
