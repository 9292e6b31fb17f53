package cn.chainatlas.report;

import cn.chainatlas.chain.GapAnalysis;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * The province's overview across all chains, for the chain chiefs' joint meeting: each chain's key figures and
 * its chokepoints by name.
 */
public record ProvinceOverview(LocalDate date, LocalDateTime generatedAt, List<ChainLine> chains, List<String> method) {

    /** One chain: its key figures, chokepoint and blank nodes by name. */
    public record ChainLine(String code, String name, GapAnalysis.KeyFigures figures, List<String> chokepoints,
                            List<String> blanks) {
    }

    public String fileStem() {
        return "全省产业链缺口总览-" + date;
    }
}
