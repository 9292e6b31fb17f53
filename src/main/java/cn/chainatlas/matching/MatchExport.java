package cn.chainatlas.matching;

import cn.chainatlas.common.Actor;
import jakarta.inject.Singleton;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A demand's matches as Excel: the demand, every ranked candidate with its band, score, points per component, reasons
 * and sources, and the excluded candidates with their reasons. The same field rule as the API and the registry
 * (EnterpriseService#seesPrivate): no contacts or revenue the reader may not see there.
 */
@Singleton
class MatchExport {

    private final MatchingService matching;

    MatchExport(MatchingService matching) {
        this.matching = matching;
    }

    void write(Actor actor, long demandId, OutputStream out) throws IOException {
        MatchViews.MatchList list = matching.matches(actor, demandId, 500, true);
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            CellStyle bold = wb.createCellStyle();
            Font font = wb.createFont();
            font.setBold(true);
            bold.setFont(font);

            Sheet demand = wb.createSheet("需求");
            MatchViews.DemandSummary d = list.demand();
            String[][] facts = {
                    {"需求编号", String.valueOf(d.id())},
                    {"链主企业", d.leaderName() + "（" + d.leaderCreditCode() + "）"},
                    {"所需产品", d.nodeName() + "（" + d.nodeCode() + "）"},
                    {"年需求量", d.quantity() == null ? "" : d.quantity().stripTrailingZeros().toPlainString() + " " + (d.unit() == null ? "" : d.unit())},
                    {"规格要求", String.join("；", d.requirements().stream().map(r -> r.label() + " " + r.value()).toList())},
                    {"必备资质认证", String.join("、", d.requiredCertifications())},
                    {"候选企业", list.counts().candidates() + " 家：推荐 " + list.counts().recommended() + "，待核实 " + list.counts().verify()
                            + "，不推荐 " + list.counts().notRecommended() + "，排除 " + list.counts().excluded()},
            };
            for (int i = 0; i < facts.length; i++) {
                Row r = demand.createRow(i);
                r.createCell(0).setCellValue(facts[i][0]);
                r.getCell(0).setCellStyle(bold);
                r.createCell(1).setCellValue(facts[i][1]);
            }
            demand.setColumnWidth(0, 14 * 256);
            demand.setColumnWidth(1, 80 * 256);

            Sheet matches = wb.createSheet("匹配结果");
            List<String> header = new ArrayList<>(List.of("排名", "企业名称", "统一社会信用代码", "地市", "档次", "得分"));
            List<String> keys = new ArrayList<>(list.weights().keySet());
            for (String k : keys) {
                header.add(MatchReasons.text("match.component." + k) + "（权重 " + MatchRules.num(list.weights().get(k)) + "）");
            }
            header.addAll(List.of("理由", "各项依据", "事实来源", "联系人", "联系电话"));
            Row h = matches.createRow(0);
            for (int i = 0; i < header.size(); i++) {
                h.createCell(i).setCellValue(header.get(i));
                h.getCell(i).setCellStyle(bold);
            }
            int row = 1;
            for (MatchViews.MatchView m : list.matches()) {
                Row r = matches.createRow(row++);
                int c = 0;
                r.createCell(c++).setCellValue(m.rank());
                r.createCell(c++).setCellValue(m.name());
                r.createCell(c++).setCellValue(m.creditCode());
                r.createCell(c++).setCellValue(m.city() == null ? "" : m.city());
                r.createCell(c++).setCellValue(m.bandLabel());
                r.createCell(c++).setCellValue(m.score());
                List<String> details = new ArrayList<>();
                List<String> sources = new ArrayList<>();
                for (String k : keys) {
                    MatchViews.ComponentView p = m.components().get(k);
                    r.createCell(c++).setCellValue(p.points());
                    details.add(p.label() + "：" + p.detail());
                    sources.add(p.label() + "：" + p.sourceLabel());
                }
                r.createCell(c++).setCellValue(String.join("；", m.reasons()));
                r.createCell(c++).setCellValue(String.join("\n", details));
                r.createCell(c++).setCellValue(String.join("；", sources));
                r.createCell(c++).setCellValue(m.contactName() == null ? "" : m.contactName());
                r.createCell(c).setCellValue(m.contactPhone() == null ? "" : m.contactPhone());
            }
            matches.createFreezePane(2, 1);
            matches.setColumnWidth(1, 30 * 256);
            matches.setColumnWidth(2, 21 * 256);

            Sheet excluded = wb.createSheet("已排除");
            // the reasons in Chinese only: the machine codes (MISSING_CERTIFICATION …) are for scripts, in the JSON answer
            String[] xh = {"企业名称", "统一社会信用代码", "地市", "原因"};
            Row xr = excluded.createRow(0);
            for (int i = 0; i < xh.length; i++) {
                xr.createCell(i).setCellValue(xh[i]);
                xr.getCell(i).setCellStyle(bold);
            }
            row = 1;
            for (MatchViews.ExcludedView e : list.excluded()) {
                Row r = excluded.createRow(row++);
                r.createCell(0).setCellValue(e.name());
                r.createCell(1).setCellValue(e.creditCode());
                r.createCell(2).setCellValue(e.city() == null ? "" : e.city());
                r.createCell(3).setCellValue(String.join("；", e.reasons()));
            }
            excluded.setColumnWidth(0, 30 * 256);
            excluded.setColumnWidth(3, 80 * 256);
            wb.write(out);
        }
    }
}
