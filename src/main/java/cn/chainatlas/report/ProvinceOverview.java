package cn.chainatlas.report;

import cn.chainatlas.chain.GapAnalysis;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * The province's overview across all chains, for the chain chiefs' joint meeting: each chain's key figures, its
 * chokepoints by name, the best local candidates of its gaps and its 供需对接 progress, as each chain's own report
 * gives them for the province. Each leader's demand lines are in the chain reports only ({@link #PER_CHAIN_ONLY}).
 */
public record ProvinceOverview(LocalDate date, LocalDateTime generatedAt, List<ChainLine> chains, List<String> method) {

    /** What the overview leaves to each chain's own report, said in the overview itself. */
    public static final String PER_CHAIN_ONLY = "本总览按产业链汇总关键数据、缺口环节的本地候选企业和供需对接进展；"
            + "各环节的判定依据、政策文件引用、各链主的需求明细与图表见各产业链的缺口报告（按产业链下载）。";

    /**
     * One chain: its key figures, chokepoint and blank nodes by name, its gap nodes' best local candidates (the
     * chain report's 候选配套 for the province) and its matchmaking progress sentences (the chain report's 对接进展).
     */
    public record ChainLine(String code, String name, GapAnalysis.KeyFigures figures, List<String> chokepoints,
                            List<String> blanks, List<GapReport.Candidate> candidates, List<String> matchmaking) {
    }

    public String fileStem() {
        return "全省产业链缺口总览-" + date;
    }
}
