package cn.chainatlas.matchmaking;

import cn.chainatlas.common.BadInput;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stage rule without a database: forward and skipping, backward with a note, ending with a reason, reopening, supplying figures, on-behalf notes, dates. */
class StageMovePolicyTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 30);
    final StageMovePolicy policy = new StageMovePolicy();

    static StageMovePolicy.Current at(Stage s) {
        return new StageMovePolicy.Current(s, LocalDate.of(2026, 10, 1));
    }

    static StageMovePolicy.Request to(Stage s) {
        return new StageMovePolicy.Request(s, null, null, null, null, null, null, false);
    }

    static StageMovePolicy.Request to(Stage s, EndReason reason, String note) {
        return new StageMovePolicy.Request(s, reason, note, null, null, null, null, false);
    }

    private List<String> fields(StageMovePolicy.Decision d) {
        return d.problems().stream().map(BadInput.FieldError::field).toList();
    }

    @Test
    void forwardMovesAreAllowedAndMaySkipStages() {
        assertThat(policy.decide(at(Stage.SHORTLISTED), to(Stage.CONTACTED), TODAY).allowed()).isTrue();
        assertThat(policy.decide(at(Stage.SHORTLISTED), to(Stage.TRIAL), TODAY).allowed()).isTrue();
        assertThat(policy.decide(at(Stage.CONTACTED), to(Stage.SAMPLING), TODAY).backward()).isFalse();
    }

    @Test
    void backwardNeedsANote() {
        StageMovePolicy.Decision d = policy.decide(at(Stage.TRIAL), to(Stage.SAMPLING), TODAY);
        assertThat(d.allowed()).isFalse();
        assertThat(d.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("note");
            assertThat(p.message()).contains("从「小批量」退回「送样测试」须写明原因");
        });
        StageMovePolicy.Decision ok = policy.decide(at(Stage.TRIAL), to(Stage.SAMPLING, null, "样品复测"), TODAY);
        assertThat(ok.allowed()).isTrue();
        assertThat(ok.backward()).isTrue();
    }

    @Test
    void stayingWhereItIsIsRefused() {
        assertThat(fields(policy.decide(at(Stage.CONTACTED), to(Stage.CONTACTED), TODAY))).containsExactly("stage");
        assertThat(fields(policy.decide(at(Stage.ENDED), to(Stage.ENDED, EndReason.PRICE, null), TODAY))).containsExactly("stage");
        assertThat(fields(policy.decide(at(Stage.CONTACTED), to(null), TODAY))).containsExactly("stage");
    }

    @Test
    void endingNeedsAReasonAndOtherNeedsANote() {
        assertThat(fields(policy.decide(at(Stage.SAMPLING), to(Stage.ENDED), TODAY))).containsExactly("reasonCode");
        assertThat(policy.decide(at(Stage.SAMPLING), to(Stage.ENDED, EndReason.QUALIFICATION, null), TODAY).allowed()).isTrue();
        assertThat(fields(policy.decide(at(Stage.SAMPLING), to(Stage.ENDED, EndReason.OTHER, " "), TODAY))).containsExactly("note");
        assertThat(policy.decide(at(Stage.SAMPLING), to(Stage.ENDED, EndReason.OTHER, "链主项目取消"), TODAY).allowed()).isTrue();
        // a reason only with 终止
        assertThat(fields(policy.decide(at(Stage.SAMPLING), to(Stage.TRIAL, EndReason.PRICE, null), TODAY))).containsExactly("reasonCode");
        // ending from any stage, even from supplying, is not "backward"
        assertThat(policy.decide(at(Stage.SUPPLYING), to(Stage.ENDED, EndReason.CAPACITY, null), TODAY).allowed()).isTrue();
    }

    @Test
    void anEndedRecordCanBeReopenedAtAnyStage() {
        StageMovePolicy.Decision d = policy.decide(at(Stage.ENDED), to(Stage.CONTACTED), TODAY);
        assertThat(d.allowed()).isTrue();
        assertThat(d.reopen()).isTrue();
        assertThat(policy.decide(at(Stage.ENDED), to(Stage.SHORTLISTED), TODAY).allowed()).isTrue();
    }

    @Test
    void supplyingStatesQuantityWithUnitOrValue() {
        assertThat(fields(policy.decide(at(Stage.TRIAL), to(Stage.SUPPLYING), TODAY))).containsExactly("quantity");
        StageMovePolicy.Request noUnit = new StageMovePolicy.Request(Stage.SUPPLYING, null, null, null, new BigDecimal("2000"),
                null, null, false);
        assertThat(fields(policy.decide(at(Stage.TRIAL), noUnit, TODAY))).containsExactly("unit");
        StageMovePolicy.Request value = new StageMovePolicy.Request(Stage.SUPPLYING, null, null, null, null, null,
                new BigDecimal("480"), false);
        assertThat(policy.decide(at(Stage.TRIAL), value, TODAY).allowed()).isTrue();
        StageMovePolicy.Request both = new StageMovePolicy.Request(Stage.SUPPLYING, null, null, null, new BigDecimal("2000"), "套",
                new BigDecimal("480"), false);
        assertThat(policy.decide(at(Stage.SHORTLISTED), both, TODAY).allowed()).isTrue();
        StageMovePolicy.Request negative = new StageMovePolicy.Request(Stage.SUPPLYING, null, null, null, null, null,
                new BigDecimal("-1"), false);
        assertThat(fields(policy.decide(at(Stage.TRIAL), negative, TODAY))).containsExactly("valueWan");
        StageMovePolicy.Request early = new StageMovePolicy.Request(Stage.TRIAL, null, null, null, new BigDecimal("5"), "套",
                null, false);
        assertThat(fields(policy.decide(at(Stage.SAMPLING), early, TODAY))).containsExactly("quantity");
    }

    @Test
    void aMoveOnTheLeadersBehalfNeedsANote() {
        StageMovePolicy.Request proxy = new StageMovePolicy.Request(Stage.CONTACTED, null, null, null, null, null, null, true);
        assertThat(policy.decide(at(Stage.SHORTLISTED), proxy, TODAY).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("受谁委托"));
        StageMovePolicy.Request noted = new StageMovePolicy.Request(Stage.CONTACTED, null, "受链主采购部委托", null, null, null, null, true);
        assertThat(policy.decide(at(Stage.SHORTLISTED), noted, TODAY).allowed()).isTrue();
    }

    @Test
    void theDateIsNeitherInTheFutureNorBeforeTheLatestMove() {
        StageMovePolicy.Request future = new StageMovePolicy.Request(Stage.CONTACTED, null, null, TODAY.plusDays(1), null, null, null, false);
        assertThat(fields(policy.decide(at(Stage.SHORTLISTED), future, TODAY))).containsExactly("date");
        StageMovePolicy.Request past = new StageMovePolicy.Request(Stage.CONTACTED, null, null, LocalDate.of(2026, 9, 30), null, null, null, false);
        assertThat(policy.decide(at(Stage.SHORTLISTED), past, TODAY).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("2026-10-01"));
        StageMovePolicy.Request sameDay = new StageMovePolicy.Request(Stage.CONTACTED, null, null, LocalDate.of(2026, 10, 1), null, null, null, false);
        assertThat(policy.decide(at(Stage.SHORTLISTED), sameDay, TODAY).allowed()).isTrue();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        StageMovePolicy.Request r = new StageMovePolicy.Request(Stage.SHORTLISTED, EndReason.PRICE, null, TODAY.plusDays(3), null, null,
                null, true);
        assertThat(fields(policy.decide(at(Stage.TRIAL), r, TODAY))).containsExactlyInAnyOrder("note", "reasonCode", "date");
    }

    @Test
    void localSupplyMovesOutsidePurchasesToLocalOnly() {
        LocalSupplyRules.Split base = new LocalSupplyRules.Split(0, 0, 30, 70);
        LocalSupplyRules.Split half = LocalSupplyRules.apply(base, 50, 0);
        assertThat(half.local()).isEqualTo(50);
        assertThat(half.otherProvince()).isCloseTo(15, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(half.imported()).isCloseTo(35, org.assertj.core.api.Assertions.within(1e-9));
        // already bought in Guangdong: nothing left to move
        LocalSupplyRules.Split local = LocalSupplyRules.apply(new LocalSupplyRules.Split(20, 80, 0, 0), 50, 10);
        assertThat(local).isEqualTo(new LocalSupplyRules.Split(20, 80, 0, 0));
        // more than the outside share: capped
        LocalSupplyRules.Split capped = LocalSupplyRules.apply(new LocalSupplyRules.Split(60, 0, 0, 40), 30, 30);
        assertThat(capped.local()).isEqualTo(90);
        assertThat(capped.guangdong()).isEqualTo(10);
        assertThat(capped.imported()).isEqualTo(0);
        assertThat(LocalSupplyRules.share(new LocalSupplyRules.Supply(true, true, new BigDecimal("1200"), "套/年", null),
                null, new BigDecimal("12000"), "套")).isEqualTo(10);
    }
}
