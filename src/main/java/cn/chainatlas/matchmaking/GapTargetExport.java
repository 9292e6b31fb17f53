package cn.chainatlas.matchmaking;

import cn.chainatlas.common.Actor;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The 补链 target list as Excel: one row per node (demand, what stays uncovered per unit, the leaders behind it,
 * the nearest candidates outside the region, the reasons) and a sheet explaining how it is computed. The same
 * content and rule as {@code GET /api/v1/chains/{code}/gap-targets}.
 */
@Singleton
class GapTargetExport {

    static final String[] HEADER = {"环节代码", "环节", "开放需求（条）", "无推荐候选的需求（条）", "年需求量", "未覆盖量",
            "涉及链主", "区域外最近的候选企业", "原因"};

    private final AllocationService allocation;

    GapTargetExport(AllocationService allocation) {
        this.allocation = allocation;
    }

    /** The file name: 产业链-地区-补链目标.xlsx. */
    String write(Actor actor, String chain, @Nullable String region, OutputStream out) throws IOException {
        AllocationViews.GapTargets list = allocation.gapTargets(actor, chain, region);
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            CellStyle bold = wb.createCellStyle();
            Font font = wb.createFont();
            font.setBold(true);
            bold.setFont(font);
            Sheet sheet = wb.createSheet("补链目标");
            Row title = sheet.createRow(0);
            title.createCell(0).setCellValue(list.chainName() + " · " + list.region() + " · 补链目标");
            title.getCell(0).setCellStyle(bold);
            Row head = sheet.createRow(1);
            for (int i = 0; i < HEADER.length; i++) {
                head.createCell(i).setCellValue(HEADER[i]);
                head.getCell(i).setCellStyle(bold);
            }
            int r = 2;
            for (AllocationViews.GapTarget t : list.targets()) {
                Row row = sheet.createRow(r++);
                row.createCell(0).setCellValue(t.nodeCode());
                row.createCell(1).setCellValue(t.nodeName());
                row.createCell(2).setCellValue(t.demands());
                row.createCell(3).setCellValue(t.withoutRecommended());
                row.createCell(4).setCellValue(amounts(t.demanded()));
                row.createCell(5).setCellValue(amounts(t.uncovered()));
                row.createCell(6).setCellValue(t.leaders().stream().map(AllocationViews.Party::name).collect(Collectors.joining("、")));
                row.createCell(7).setCellValue(t.nearest().stream().map(n -> n.name() + "（" + n.place() + "，" + n.bandLabel() + "）")
                        .collect(Collectors.joining("、")));
                row.createCell(8).setCellValue(String.join("；", t.reasons()));
            }
            int[] widths = {14, 16, 10, 12, 16, 16, 40, 60, 70};
            for (int i = 0; i < widths.length; i++) {
                sheet.setColumnWidth(i, widths[i] * 256);
            }
            sheet.createFreezePane(0, 2);
            Sheet how = wb.createSheet("方法说明");
            String[] lines = {
                    "补链目标：某环节的开放需求经本地可用产能分配后仍未覆盖的部分，以及在本地区没有“推荐”候选企业的需求。",
                    "分配：对每个环节、每种计量单位分别求最小费用流（来源 → 供应企业（可用年产能）→ 可服务的需求 → 汇点），先使本地覆盖量最大，再使 Σ 匹配得分 × 数量最大；不同单位的数量从不相加。",
                    "可服务：通过需求的硬性条件（资质、规格、排除地区、不参与对接、链主本身）的企业；产能以名录申报的年产能计，扣除批量供货记录已占用的产能。",
                    "区域外最近的候选企业：通过硬性条件、位于本地区以外的企业，广东省内优先，其次按档次和匹配得分。",
                    "本表只提出建议，不做分配：是否对接由链主与主管部门决定。"};
            for (int i = 0; i < lines.length; i++) {
                how.createRow(i).createCell(0).setCellValue(lines[i]);
            }
            how.setColumnWidth(0, 120 * 256);
            wb.write(out);
        }
        return list.chainName() + "-" + list.region() + "-补链目标.xlsx";
    }

    static String amounts(List<AllocationViews.Amount> amounts) {
        return amounts.stream().map(a -> a.quantity() + " " + a.unit()).collect(Collectors.joining("；"));
    }
}
