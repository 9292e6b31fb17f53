package cn.chainatlas.matchmaking;

import cn.chainatlas.common.BadInput;
import cn.chainatlas.matching.Shortlists;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Matching's shortlist is the demand's matchmaking records (one truth): shortlisting creates a record at 已入围, the
 * list shows every record of the demand with its stage, and taking one off deletes the record only while it has not
 * moved on (after that it is ended, with a reason, on the record).
 */
@Singleton
class MatchmakingShortlist implements Shortlists {

    private final MatchmakingRepository records;

    MatchmakingShortlist(MatchmakingRepository records) {
        this.records = records;
    }

    private static Entry entry(MatchmakingRepository.Row r) {
        return new Entry(r.demandId(), r.supplier(), r.supplierName(), r.createdBy(), r.createdAt(), r.note(), r.id(),
                r.stage().name(), r.stage().label() + (r.endReason() == null ? "" : "：" + r.endReason().label()));
    }

    @Override
    public List<Entry> of(long demandId) {
        return records.ofDemand(demandId).stream().map(MatchmakingShortlist::entry).toList();
    }

    @Override
    public Optional<Entry> find(DSLContext tx, long demandId, String creditCode) {
        return records.find(tx, demandId, creditCode).map(MatchmakingShortlist::entry);
    }

    @Override
    public long add(DSLContext tx, long demandId, String creditCode, String by, @Nullable String note) {
        return records.insert(tx, demandId, creditCode, by, note, LocalDate.now());
    }

    @Override
    public void remove(DSLContext tx, long demandId, String creditCode) {
        MatchmakingRepository.Row r = records.find(tx, demandId, creditCode)
                .orElseThrow(() -> new BadInput("creditCode", "「" + creditCode + "」不在该需求的候选清单中"));
        if (r.stage() == Stage.ENDED) {
            // already ended: its record and reasons stay (the figures count them); nothing more to do
            throw new BadInput("creditCode", "「" + r.supplierName() + "」的对接已终止，对接记录及终止原因会保留（用于对接统计），"
                    + "不能移出候选清单；如需重新对接，可在对接记录中重新开启");
        }
        if (r.stage() != Stage.SHORTLISTED || records.moves(r.id()).size() > 1) {
            throw new BadInput("creditCode", "「" + r.supplierName() + "」的对接已推进到「" + r.stage().label()
                    + "」，不能移出候选清单；请在对接记录中终止对接并写明原因");
        }
        records.delete(tx, r.id());
    }
}
