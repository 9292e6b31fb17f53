package cn.chainatlas.matchmaking;

import cn.chainatlas.demand.Demand;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/** What the matchmaking API and pages show. */
public final class MatchmakingViews {

    private MatchmakingViews() {
    }

    /** The demand as the record's reader may see it: the supplier's city bureau gets node, spec and quantity only. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DemandBrief(long id, String nodeCode, String nodeName, @Nullable String spec, @Nullable BigDecimal quantity,
                              @Nullable String unit) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record MoveView(@Nullable String from, @Nullable String fromLabel, String stage, String stageLabel,
                           @Nullable String reasonCode, @Nullable String reasonLabel, @Nullable String note, LocalDate date,
                           String by, LocalDateTime at, @Nullable BigDecimal quantity, @Nullable String unit,
                           @Nullable BigDecimal valueWan, boolean onBehalf, @Nullable String onBehalfLabel) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record NoteView(long id, String text, String by, LocalDateTime at) {
    }

    /**
     * One record.
     *
     * @param restricted   the reader is the supplier's city bureau: of the demand only node, spec and quantity
     *                     ({@code demandDetail} null, value figures null)
     * @param stalled      no move for {@code chainatlas.matchmaking.stalled-days} while neither supplying nor ended
     * @param mayMove      the reader may move it (the leader; the province on request, with a note)
     * @param mayNote      the reader may add a follow-up note (跟进)
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RecordView(long id, long demandId, String leaderCreditCode, String leaderName, @Nullable String leaderCity,
                             String supplierCreditCode, String supplierName, @Nullable String supplierCity, String stage,
                             String stageLabel, @Nullable String endReason, @Nullable String endReasonLabel,
                             @Nullable BigDecimal supplyQuantity, @Nullable String supplyUnit, @Nullable BigDecimal supplyValueWan,
                             @Nullable Long activityId, @Nullable String activityTitle, String createdBy, LocalDateTime createdAt,
                             LocalDate lastMoveOn, long daysSinceMove, boolean stalled, boolean restricted, boolean mayMove,
                             boolean mayNote, DemandBrief demand, @Nullable Demand demandDetail, List<MoveView> moves,
                             List<NoteView> notes, @Nullable String nextStage, boolean movedOnBehalf) {
    }

    /** The board: records by stage, stalled first. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Board(int stalledDays, List<RecordView> stalled, List<Column> stages, int total) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Column(String stage, String label, List<RecordView> records) {
    }

    /** One figure: a count (and a sum in 万元 where it has one) with the ids behind it. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Figure(int count, @Nullable BigDecimal valueWan, List<Long> ids) {
    }

    /**
     * One month of one chain and region. {@code demandIds} of published/withRecommended are demands; the others'
     * ids are matchmaking records.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Month(String month, Figure published, Figure withRecommended, Figure started, Figure samplingOrTrial,
                       Figure supplying, Map<String, Figure> endedByReason, @Nullable Double localRate,
                       @Nullable Double sameCityRate, @Nullable BigDecimal demandValueWan) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Figures(String chain, String chainName, String region, String regionName, String from, String to,
                          List<Month> months, Month total, Map<String, Integer> funnel, Map<String, String> reasonLabels) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    /**
     * An activity; {@code leaders} and {@code suppliers} are credit codes, {@code leaderNames} and {@code supplierNames}
     * the registry's names in the same order (the code itself where the registry no longer holds it).
     */
    public record ActivityView(long id, String title, LocalDate date, String place, @Nullable String cityCode,
                               @Nullable String cityName, List<String> chains, List<String> leaders, List<String> suppliers,
                               @Nullable String note, String createdBy, LocalDateTime createdAt, int records,
                               List<String> leaderNames, List<String> supplierNames) {
    }
}
