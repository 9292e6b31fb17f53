package cn.chainatlas.report;

import cn.chainatlas.chain.GapAnalysis;
import cn.chainatlas.chain.NodeGap;
import cn.chainatlas.geo.Region;
import io.micronaut.core.annotation.Nullable;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Everything one gap report says, assembled once ({@link GapReportAssembler}) and rendered three ways — the
 * workbook, the Word report and the print view — so they cannot disagree. Names throughout, never codes, in the
 * parts a person reads; codes stay beside them for filtering.
 *
 * @param gaps       every node of the chain in the region, worst first
 * @param levels     the node levels in the chain's order (整机, 系统, 部件, 零件, 材料, 软件), for the status chart
 * @param priors     the policy statements on the chain's nodes that apply in the region, cited as the documents
 *                   name themselves
 * @param sections   the optional sections the reader may see (demand detail, candidates, matchmaking)
 * @param matchmaking 供需对接 progress in the region over the last 12 months, as sentences with their figures
 *                   (counts, 万元, 本地配套率); empty for readers who may not see the region's records
 */
public record GapReport(String chainCode, String chainName, String chainNameEn, Region region, LocalDate date,
                        LocalDateTime generatedAt, String preparedFor, GapAnalysis.KeyFigures figures, List<NodeGap> gaps,
                        List<GapAnalysis.Autonomy> autonomy, List<String> levels, List<Statement> priors,
                        List<Candidate> candidates, List<DemandLine> demand, @Nullable String demandNote,
                        List<String> method, List<String> sections, List<String> matchmaking) {

    /**
     * No node has a rate this reader may see, and some have their demand withheld from it: the region's 本地化率 is
     * 不公开 (not 无数据, which says there is no demand).
     */
    public boolean ratesWithheld() {
        return gaps.stream().noneMatch(g -> g.localisationRate() != null) && gaps.stream().anyMatch(g -> g.demand().withheld());
    }

    /** A policy statement as the report cites it. */
    public record Statement(String nodeCode, String nodeName, String kindName, String placeName, String citation,
                            String section, String quote, boolean counts, @Nullable String note) {
    }

    /**
     * A local enterprise that could fill a gap, as the matching rules rank it for the node's demand (or, without
     * demand, as the registry knows it).
     */
    public record Candidate(String nodeCode, String nodeName, String creditCode, String name, @Nullable String city,
                            @Nullable String bandLabel, @Nullable Double score, List<String> reasons) {
    }

    /**
     * What the region's leaders need of one node: totals, and each leader only where the reader may see it.
     *
     * @param annualValue 万元 a year; null where the figure is withheld from this reader (fewer than 3 leaders)
     */
    public record DemandLine(String nodeCode, String nodeName, @Nullable String leader, int demands, @Nullable Double annualValue,
                             @Nullable String quantity, @Nullable Double localisationRate) {
    }

    /** Gap statuses in report order, with their Chinese names. */
    public static final List<String[]> STATUSES = List.of(new String[]{"CHOKEPOINT", "卡脖子"}, new String[]{"BLANK", "空白"},
            new String[]{"IMPORT_DEPENDENT", "依赖进口"}, new String[]{"WEAK", "薄弱"}, new String[]{"COVERED", "已覆盖"});

    public String regionName() {
        return region.name();
    }

    /** The file name without extension: 高端数控机床-东莞-缺口报告-2026-11-30. */
    public String fileStem() {
        return chainName + "-" + (region.isProvince() ? "全省" : region.name()) + "-缺口报告-" + date;
    }
}
