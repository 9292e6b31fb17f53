package cn.chainatlas.matchmaking;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures as Excel: sheet 对接统计 (one row per month and the total, the same figures as the API, each count with
 * the ids behind it in a column of its own) and sheet 对接记录 (the records behind them, as the reader may see them).
 */
final class FiguresExport {

    private FiguresExport() {
    }

    static void write(MatchmakingViews.Figures f, List<MatchmakingViews.RecordView> records, OutputStream out) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            CellStyle head = wb.createCellStyle();
            Font bold = wb.createFont();
            bold.setBold(true);
            head.setFont(bold);
            Sheet s = wb.createSheet("对接统计");
            Row title = s.createRow(0);
            title.createCell(0).setCellValue(f.chainName() + " · " + f.regionName() + " · " + f.from() + " 至 " + f.to());
            List<String> headers = new ArrayList<>(List.of("月份", "发布需求（项）", "发布需求（万元）", "有推荐候选的需求（项）",
                    "发起对接（条）", "送样测试/小批量（条）", "批量供货（条）", "批量供货（万元）"));
            f.reasonLabels().values().forEach(l -> headers.add("终止：" + l + "（条）"));
            headers.addAll(List.of("本地配套率（省内）", "本地配套率（同城）", "需求总额（万元）", "对接记录编号"));
            Row h = s.createRow(1);
            for (int i = 0; i < headers.size(); i++) {
                h.createCell(i).setCellValue(headers.get(i));
                h.getCell(i).setCellStyle(head);
            }
            int r = 2;
            List<MatchmakingViews.Month> rows = new ArrayList<>(f.months());
            rows.add(f.total());
            for (MatchmakingViews.Month m : rows) {
                Row x = s.createRow(r++);
                int c = 0;
                x.createCell(c++).setCellValue(m.month());
                x.createCell(c++).setCellValue(m.published().count());
                num(x, c++, m.published().valueWan());
                x.createCell(c++).setCellValue(m.withRecommended().count());
                x.createCell(c++).setCellValue(m.started().count());
                x.createCell(c++).setCellValue(m.samplingOrTrial().count());
                x.createCell(c++).setCellValue(m.supplying().count());
                num(x, c++, m.supplying().valueWan());
                for (String reason : f.reasonLabels().keySet()) {
                    x.createCell(c++).setCellValue(m.endedByReason().get(reason).count());
                }
                if (m.localRate() != null) {
                    x.createCell(c).setCellValue(m.localRate());
                }
                c++;
                if (m.sameCityRate() != null) {
                    x.createCell(c).setCellValue(m.sameCityRate());
                }
                c++;
                num(x, c++, m.demandValueWan());
                List<Long> ids = new ArrayList<>(m.started().ids());
                m.samplingOrTrial().ids().stream().filter(i -> !ids.contains(i)).forEach(ids::add);
                m.supplying().ids().stream().filter(i -> !ids.contains(i)).forEach(ids::add);
                m.endedByReason().values().forEach(fig -> fig.ids().stream().filter(i -> !ids.contains(i)).forEach(ids::add));
                x.createCell(c).setCellValue(String.join("、", ids.stream().map(String::valueOf).toList()));
            }
            Sheet rs = wb.createSheet("对接记录");
            String[] rh = {"编号", "链主企业", "链主所在地", "环节", "供应商", "供应商所在地", "阶段", "终止原因", "年供货数量", "单位",
                    "年供货金额（万元）", "最近推进", "对接活动"};
            Row rhr = rs.createRow(0);
            for (int i = 0; i < rh.length; i++) {
                rhr.createCell(i).setCellValue(rh[i]);
                rhr.getCell(i).setCellStyle(head);
            }
            int n = 1;
            for (MatchmakingViews.RecordView v : records) {
                Row x = rs.createRow(n++);
                x.createCell(0).setCellValue(v.id());
                x.createCell(1).setCellValue(v.leaderName());
                x.createCell(2).setCellValue(nz(v.leaderCity()));
                x.createCell(3).setCellValue(v.demand().nodeName());
                x.createCell(4).setCellValue(v.supplierName());
                x.createCell(5).setCellValue(nz(v.supplierCity()));
                x.createCell(6).setCellValue(v.stageLabel());
                x.createCell(7).setCellValue(nz(v.endReasonLabel()));
                num(x, 8, v.supplyQuantity());
                x.createCell(9).setCellValue(nz(v.supplyUnit()));
                num(x, 10, v.supplyValueWan());
                x.createCell(11).setCellValue(v.lastMoveOn().toString());
                x.createCell(12).setCellValue(nz(v.activityTitle()));
            }
            for (int i = 0; i < 8; i++) {
                s.setColumnWidth(i, 16 * 256);
            }
            wb.write(out);
        }
    }

    private static void num(Row x, int c, BigDecimal v) {
        if (v != null) {
            x.createCell(c).setCellValue(v.doubleValue());
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
