package cn.chainatlas.demand;

import cn.chainatlas.chain.ChainGraph;
import cn.chainatlas.chain.ChainGraphCache;
import cn.chainatlas.common.Actor;
import cn.chainatlas.enterprise.Classifier;
import cn.chainatlas.enterprise.LeaderService;
import cn.chainatlas.excel.SheetColumn;
import cn.chainatlas.excel.TemplateWorkbook;
import cn.chainatlas.geo.Cities;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static cn.chainatlas.demand.DemandSheet.Column;

/**
 * The demand template a leader's buyer fills in: the {@link DemandSheet} columns, drop-downs of the nodes of the
 * leader's chains (every node when the leader's chains are not named yet or a bureau downloads it for no leader),
 * units, regions and statuses, and an instruction sheet that states the natural key.
 */
@Singleton
public class DemandTemplate {

    /** Units buyers count components in (free text is accepted too). */
    static final List<String> UNITS = List.of("套", "台", "件", "个", "只", "根", "片", "米", "千米", "吨", "千克", "kg", "m", "km");

    private final LeaderService leaders;
    private final Classifier classifier;
    private final ChainGraphCache graphs;
    private final Cities cities;

    DemandTemplate(LeaderService leaders, Classifier classifier, ChainGraphCache graphs, Cities cities) {
        this.leaders = leaders;
        this.classifier = classifier;
        this.graphs = graphs;
        this.cities = cities;
    }

    /** The template for a leader (a LEADER's own; a bureau may name one with {@code leader}, or none). */
    public void write(Actor actor, @Nullable String leader, OutputStream out) {
        String code = actor.is(cn.chainatlas.common.Role.LEADER) ? actor.leaderCreditCode() : leader;
        LeaderService.Leader l = code == null || code.isBlank() ? null : leaders.find(code.trim()).orElse(null);
        TemplateWorkbook.write(DemandSheet.SCHEMA, "链主需求", help(l), choices(l),
                Set.of(Column.STATUS), Set.of(Column.LEADER, Column.ID), Set.of(Column.SPEC, Column.NOTE), rules(), out);
    }

    /** Drop-down options by column; errors.xlsx of a demand upload keeps them too. */
    public Map<SheetColumn, List<String>> choices(@Nullable LeaderService.Leader leader) {
        Map<SheetColumn, List<String>> m = new LinkedHashMap<>();
        m.put(Column.NODE, nodeNames(leader));
        m.put(Column.UNIT, UNITS);
        List<String> regions = new ArrayList<>(cities.names().values());
        regions.add(Cities.OUTSIDE);
        m.put(Column.PREFERRED, regions);
        m.put(Column.EXCLUDED, regions);
        m.put(Column.STATUS, List.of(DemandStatus.OPEN.label(), DemandStatus.MET.label(), DemandStatus.CLOSED.label()));
        return m;
    }

    public Map<SheetColumn, List<String>> choices(@Nullable String leaderCode) {
        return choices(leaderCode == null ? null : leaders.find(leaderCode).orElse(null));
    }

    private List<String> nodeNames(@Nullable LeaderService.Leader leader) {
        Map<String, String> names = classifier.model().nodeNames();
        if (leader == null || leader.chainCodes().isEmpty()) {
            return new ArrayList<>(new LinkedHashSet<>(names.values()));
        }
        ChainGraph graph = graphs.get();
        Set<String> out = new LinkedHashSet<>();
        for (String chain : leader.chainCodes()) {
            ChainGraph.ChainView view = graph.view(chain);
            if (view != null) {
                view.members().forEach(n -> out.add(names.getOrDefault(n, n)));
            }
        }
        return new ArrayList<>(out);
    }

    private static Map<SheetColumn, TemplateWorkbook.Help> help(@Nullable LeaderService.Leader l) {
        Map<SheetColumn, TemplateWorkbook.Help> m = new LinkedHashMap<>();
        m.put(Column.ID, new TemplateWorkbook.Help("留空 = 新需求；填写已有需求的编号（“我的需求”列表的“编号”列）= 更新该需求", "12"));
        m.put(Column.LEADER, new TemplateWorkbook.Help("可留空：默认为上传时选定的链主企业" + (l == null ? "" : "（" + l.name() + "）")
                + "；填写时必须是同一家企业（18 位代码，请保持文本格式）", l == null ? "91441900MA51LEAD0L" : l.creditCode()));
        m.put(Column.NODE, new TemplateWorkbook.Help("本企业所属产业链的节点：名称、别名或代码，见下拉列表", "轴承"));
        m.put(Column.QUANTITY, new TemplateWorkbook.Help("每年需要的数量；填写时必须同时填写单位。与年需求额至少填一项", "12000"));
        m.put(Column.UNIT, new TemplateWorkbook.Help("数量的单位，如 套、台、件、千米", "套"));
        m.put(Column.VALUE, new TemplateWorkbook.Help("每年采购金额，万元；表头写明其他单位（如 年需求额（亿元）、（元））时自动换算为万元", "860"));
        m.put(Column.SPEC, new TemplateWorkbook.Help("规格、精度等级或技术要求，自由文字；系统从中读出精度等级、转速、分辨率、电压等", "P4级，内径 80mm"));
        m.put(Column.CERTIFICATIONS, new TemplateWorkbook.Help("供应商必须具备的资质认证，多个用 、 分隔", "ISO 9001、IATF 16949"));
        m.put(Column.PREFERRED, new TemplateWorkbook.Help("优先考虑的地市，或“省外”；多个用 、 分隔", "东莞、深圳"));
        m.put(Column.EXCLUDED, new TemplateWorkbook.Help("不考虑的地市，或“省外”；不能与优先地区重复", ""));
        m.put(Column.SOURCE_LOCAL, new TemplateWorkbook.Help("当前采购中来自本企业同一地市的比例（%）；四列合计 100", "10"));
        m.put(Column.SOURCE_GUANGDONG, new TemplateWorkbook.Help("来自广东省内其他地市的比例（%）", "20"));
        m.put(Column.SOURCE_OTHER_PROVINCE, new TemplateWorkbook.Help("来自外省的比例（%）", "30"));
        m.put(Column.SOURCE_IMPORT, new TemplateWorkbook.Help("进口的比例（%）", "40"));
        m.put(Column.NEEDED_BY, new TemplateWorkbook.Help("日期，如 2027-06-30、2027/6/30、2027年6月30日", "2027-06-30"));
        m.put(Column.NOTE, new TemplateWorkbook.Help("自由文字，最多 1000 字", ""));
        m.put(Column.STATUS, new TemplateWorkbook.Help("开放、已满足、已关闭；留空 = 新需求为开放，已有需求不变", "开放"));
        return m;
    }

    private static List<String> rules() {
        return List.of(
                "同一需求的识别（重复上传不会产生重复需求）：填写了「需求编号」的行更新该编号的需求；未填写的行按“链主企业 + 产业链节点 + 规格/等级要求”识别，"
                        + "与已有需求相同则更新（内容不变则不改动），否则新增。同一文件中两行是同一需求时，后一行报错。",
                "上传后先预检：每一行都按“登记新需求”表单的同样规则校验，错误按工作表、行、列列出；可下载错误行（errors.xlsx）修改后直接再次上传。"
                        + "预检无误后提交：全部行一起写入，有任何错误行则不写入；提交后可整批回滚。",
                "列的顺序不限，表头上方可以有标题行；多个值用 、 ， ; / 分隔。需求信息保密：仅本企业、所在地市工信局、省工信厅和平台管理员可见。");
    }
}
