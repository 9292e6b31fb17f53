package cn.chainatlas.chain;

import cn.chainatlas.chain.SpecParser.Field;
import cn.chainatlas.chain.SpecParser.Value;
import cn.chainatlas.chain.SpecParser.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every written form of every field the issue names, read the same way on the demand's and the supplier's side. */
class SpecParserTest {

    private static Value value(Field f, String written) {
        return SpecParser.value(f, written).orElseThrow(() -> new AssertionError("not read: " + written));
    }

    private static Verdict judge(Field f, String demanded, String nodeCode, String supplierText) {
        Map<Field, List<Value>> stated = SpecParser.stated(nodeCode, supplierText);
        return SpecParser.judge(value(f, demanded), stated.getOrDefault(f, List.of())).verdict();
    }

    // ---------------------------------------------------------------- bearing precision class

    @ParameterizedTest
    @ValueSource(strings = {"P4", "p4", "P4级", "/P4", "4级", "ABEC 7", "ABEC-7", "ABEC7", "P 4"})
    void everyWayOfWritingP4IsP4(String written) {
        Value v = value(Field.PRECISION_CLASS, written);
        assertThat(v.magnitude()).isEqualTo(3);
        assertThat(v.shown()).contains("P4");
    }

    @ParameterizedTest
    @CsvSource({"ABEC 1,P0", "ABEC 3,P6", "ABEC 5,P5", "ABEC 7,P4", "ABEC 9,P2", "普通级,P0", "0级,P0", "6级,P6", "2级,P2"})
    void abecAndChineseClassesCorrespondToTheIsoClasses(String written, String iso) {
        assertThat(value(Field.PRECISION_CLASS, written).shown()).contains(iso);
    }

    @Test
    void theOrderIsP0BelowP6BelowP5BelowP4BelowP2() {
        List<String> order = List.of("P0", "P6", "P5", "P4", "P2");
        for (int i = 1; i < order.size(); i++) {
            assertThat(value(Field.PRECISION_CLASS, order.get(i)).magnitude())
                    .isGreaterThan(value(Field.PRECISION_CLASS, order.get(i - 1)).magnitude());
        }
    }

    @Test
    void p4MeetsP5ButP5DoesNotMeetP4() {
        assertThat(judge(Field.PRECISION_CLASS, "P5", "BEARING", "P4级角接触球轴承")).isEqualTo(Verdict.EXCEEDS);
        assertThat(judge(Field.PRECISION_CLASS, "P4", "BEARING", "精密轴承 /P5")).isEqualTo(Verdict.NOT_MET);
        assertThat(judge(Field.PRECISION_CLASS, "P4", "BEARING", "主轴轴承，精度 4级")).isEqualTo(Verdict.MEETS);
        assertThat(judge(Field.PRECISION_CLASS, "P4", "BEARING", "ABEC 9 超精密轴承")).isEqualTo(Verdict.EXCEEDS);
        // the most precise class a maker states is what it can make
        assertThat(judge(Field.PRECISION_CLASS, "P4", "BEARING", "P5、P4级主轴轴承")).isEqualTo(Verdict.MEETS);
    }

    @Test
    void textThatNamesNoClassIsNotStatedNeverAMatch() {
        assertThat(judge(Field.PRECISION_CLASS, "P4", "BEARING", "深沟球轴承，防护等级IP54，C3游隙")).isEqualTo(Verdict.NOT_STATED);
        assertThat(judge(Field.PRECISION_CLASS, "P4", "BEARING", "")).isEqualTo(Verdict.NOT_STATED);
        assertThat(SpecParser.value(Field.PRECISION_CLASS, "高精度")).isEmpty();
        // two different classes are no requirement
        assertThat(SpecParser.value(Field.PRECISION_CLASS, "P4 P5")).isEmpty();
    }

    // ---------------------------------------------------------------- spindle top speed

    @ParameterizedTest
    @ValueSource(strings = {"24000 r/min", "24000r/min", "24000 rpm", "24000RPM", "24,000 rpm", "24000 转/分", "24000转/分钟",
            "2.4万转", "2.4万转/分", "2.4 万 r/min"})
    void everyWayOfWritingSpindleSpeedIsInRevolutionsPerMinute(String written) {
        assertThat(value(Field.MAX_SPEED, written).magnitude()).isEqualTo(24000);
    }

    @Test
    void aSpindleMeetsWhenItsTopSpeedIsAtLeastTheDemanded() {
        assertThat(judge(Field.MAX_SPEED, "24000 r/min", "ELECTRIC_SPINDLE", "电主轴 最高转速30000rpm")).isEqualTo(Verdict.EXCEEDS);
        assertThat(judge(Field.MAX_SPEED, "24000 r/min", "ELECTRIC_SPINDLE", "额定转速 3000rpm，最高转速 2.4万转")).isEqualTo(Verdict.MEETS);
        assertThat(judge(Field.MAX_SPEED, "24000 r/min", "ELECTRIC_SPINDLE", "最高转速 18000 r/min")).isEqualTo(Verdict.NOT_MET);
        // 转台 is a rotary table, not a speed
        assertThat(judge(Field.MAX_SPEED, "24000 r/min", "ELECTRIC_SPINDLE", "配套5转台")).isEqualTo(Verdict.NOT_STATED);
    }

    // ---------------------------------------------------------------- grating resolution

    @ParameterizedTest
    @ValueSource(strings = {"0.1µm", "0.1μm", "0.1 um", "0.1微米", "100nm", "100 纳米", "0.0001mm", "0.0001 毫米"})
    void everyLengthUnitIsConvertedToMicrometres(String written) {
        assertThat(value(Field.LINEAR_RESOLUTION, written).magnitude()).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void aGratingMeetsWhenItsResolutionIsAtMostTheDemanded() {
        assertThat(judge(Field.LINEAR_RESOLUTION, "0.1µm", "GRATING_SCALE", "封闭式光栅尺，分辨率 0.05μm")).isEqualTo(Verdict.EXCEEDS);
        assertThat(judge(Field.LINEAR_RESOLUTION, "0.1µm", "GRATING_SCALE", "分辨率：100nm")).isEqualTo(Verdict.MEETS);
        assertThat(judge(Field.LINEAR_RESOLUTION, "0.1µm", "GRATING_SCALE", "resolution 1 um")).isEqualTo(Verdict.NOT_MET);
        // a length in mm is not a resolution: without the word 分辨率 it is not stated
        assertThat(judge(Field.LINEAR_RESOLUTION, "0.1µm", "GRATING_SCALE", "测量长度 3040mm，精度 ±3µm")).isEqualTo(Verdict.NOT_STATED);
    }

    // ---------------------------------------------------------------- rotary encoder resolution

    @Test
    void rotaryEncodersInBitsOrLinesCompareAsCountsPerTurn() {
        assertThat(value(Field.ROTARY_RESOLUTION, "23bit").magnitude()).isEqualTo(Math.pow(2, 23));
        assertThat(value(Field.ROTARY_RESOLUTION, "23位").magnitude()).isEqualTo(Math.pow(2, 23));
        assertThat(value(Field.ROTARY_RESOLUTION, "17 bits").magnitude()).isEqualTo(Math.pow(2, 17));
        assertThat(value(Field.ROTARY_RESOLUTION, "2500线").magnitude()).isEqualTo(10_000);
        assertThat(value(Field.ROTARY_RESOLUTION, "2500 P/R").magnitude()).isEqualTo(10_000);
        assertThat(judge(Field.ROTARY_RESOLUTION, "23bit", "ENCODER", "23位绝对值编码器")).isEqualTo(Verdict.MEETS);
        assertThat(judge(Field.ROTARY_RESOLUTION, "23bit", "ENCODER", "17位绝对值编码器")).isEqualTo(Verdict.NOT_MET);
        assertThat(judge(Field.ROTARY_RESOLUTION, "2500线", "ENCODER", "17bit 绝对值编码器")).isEqualTo(Verdict.EXCEEDS);
        assertThat(judge(Field.ROTARY_RESOLUTION, "17bit", "ENCODER", "增量式编码器 1024线")).isEqualTo(Verdict.NOT_MET);
    }

    // ---------------------------------------------------------------- subsea cable voltage

    @Test
    void cableVoltagesInKvOrQianfuWithAcOrDcAndU0UPairs() {
        Value ac = value(Field.RATED_VOLTAGE, "220kV");
        assertThat(ac.magnitude()).isEqualTo(220);
        assertThat(ac.kind()).isEqualTo("AC");
        assertThat(value(Field.RATED_VOLTAGE, "220千伏").magnitude()).isEqualTo(220);
        Value dc = value(Field.RATED_VOLTAGE, "±320kV");
        assertThat(dc.magnitude()).isEqualTo(320);
        assertThat(dc.kind()).isEqualTo("DC");
        assertThat(value(Field.RATED_VOLTAGE, "直流 320kV").kind()).isEqualTo("DC");
        // U0/U: the rated voltage is the second figure
        Value pair = value(Field.RATED_VOLTAGE, "127/220kV");
        assertThat(pair.magnitude()).isEqualTo(220);
        assertThat(pair.kind()).isEqualTo("AC");
    }

    @Test
    void aCableMeetsWhenOfTheSameKindAndAtLeastTheDemandedVoltage() {
        assertThat(judge(Field.RATED_VOLTAGE, "127/220kV", "SUBSEA_CABLE", "35kV～220kV交流海缆")).isEqualTo(Verdict.MEETS);
        assertThat(judge(Field.RATED_VOLTAGE, "220kV", "SUBSEA_CABLE", "290/500kV 交流海缆")).isEqualTo(Verdict.EXCEEDS);
        assertThat(judge(Field.RATED_VOLTAGE, "220kV", "SUBSEA_CABLE", "26/35kV 阵列海缆")).isEqualTo(Verdict.NOT_MET);
        assertThat(judge(Field.RATED_VOLTAGE, "±320kV", "SUBSEA_CABLE", "±525kV柔性直流海缆")).isEqualTo(Verdict.EXCEEDS);
        // only AC stated against a DC demand: not stated for it, not a failure
        assertThat(judge(Field.RATED_VOLTAGE, "±320kV", "SUBSEA_CABLE", "500kV 交流海缆")).isEqualTo(Verdict.NOT_STATED);
        // a test voltage is not a rating
        assertThat(judge(Field.RATED_VOLTAGE, "35kV", "SUBSEA_CABLE", "耐压35kV")).isEqualTo(Verdict.NOT_STATED);
    }

    // ---------------------------------------------------------------- capacity in the demand's unit

    @Test
    void capacityIsANumberInTheUnitTheDemandUses() {
        assertThat(SpecParser.quantityIn("2万套/年", "套")).isEqualTo(20_000.0);
        assertThat(SpecParser.quantityIn("20000 套", "套/年")).isEqualTo(20_000.0);
        assertThat(SpecParser.quantityIn(500.0, "台/年", "台")).isEqualTo(500.0);
        assertThat(SpecParser.quantityIn(3.0, "万件", "件")).isEqualTo(30_000.0);
        assertThat(SpecParser.quantityIn(500.0, "台", "件")).isNull();
        assertThat(SpecParser.quantityIn(null, "台", "台")).isNull();
    }

    // ---------------------------------------------------------------- the node kinds

    @Test
    void fieldsBelongToNodeKindsAndOtherNodesStateNothing() {
        assertThat(SpecParser.fields("BEARING")).containsExactly(Field.PRECISION_CLASS);
        assertThat(SpecParser.fields("ELECTRIC_SPINDLE")).containsExactly(Field.MAX_SPEED);
        assertThat(SpecParser.fields("GRATING_SCALE")).containsExactly(Field.LINEAR_RESOLUTION);
        assertThat(SpecParser.fields("ENCODER")).containsExactly(Field.ROTARY_RESOLUTION);
        assertThat(SpecParser.fields("SUBSEA_CABLE")).containsExactly(Field.RATED_VOLTAGE);
        assertThat(SpecParser.fields("BEARING_STEEL")).isEmpty();
        assertThat(SpecParser.stated("BEARING_STEEL", "P4级")).isEmpty();
    }

    @Test
    void aDemandsRequirementsComeFromItsFieldsThenItsText() {
        var req = SpecParser.requirements("BEARING", Map.of(), "机床主轴用角接触球轴承，P4 或 P5 级");
        // the least demanding class the text accepts
        assertThat(req.get(Field.PRECISION_CLASS).shown()).isEqualTo("P5");
        var structured = SpecParser.requirements("BEARING", Map.of("precisionClass", "P4"), "P5");
        assertThat(structured.get(Field.PRECISION_CLASS).shown()).isEqualTo("P4");
        assertThat(SpecParser.describe(structured)).isEqualTo("精度等级 P4");
    }
}
