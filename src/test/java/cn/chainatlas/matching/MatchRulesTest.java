package cn.chainatlas.matching;

import cn.chainatlas.chain.SpecParser;
import cn.chainatlas.matching.MatchRules.Band;
import cn.chainatlas.matching.MatchRules.CandidateFacts;
import cn.chainatlas.matching.MatchRules.DemandFacts;
import cn.chainatlas.matching.MatchRules.Matchmaking;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The match rules on figures written by hand: no database, no server. */
class MatchRulesTest {

    private final MatchRules rules = new MatchRules(new MatchWeights());

    private static DemandFacts demand(Double quantity, List<String> certs, Set<String> preferred, Set<String> excluded, String... spec) {
        Map<SpecParser.Field, SpecParser.Value> req = new java.util.LinkedHashMap<>();
        for (String s : spec) {
            req.put(SpecParser.Field.PRECISION_CLASS, SpecParser.value(SpecParser.Field.PRECISION_CLASS, s).orElseThrow());
        }
        return new DemandFacts(1, "LEADER", "441900", "东莞", "PRD", "BEARING", "轴承", quantity, "套", req, certs, preferred, excluded);
    }

    private static DemandFacts p4() {
        return demand(1000.0, List.of("ISO 9001"), Set.of(), Set.of(), "P4");
    }

    /** A Dongguan P4 maker with ISO 9001 and 2,000 套 a year, everything stated. */
    private static CandidateFacts supplier(String code) {
        return new CandidateFacts(code, code + "轴承", "441900", "东莞", "PRD", "珠三角", null, "BEARING", "轴承", false,
                "CLASSIFIED", 0.95, "精密轴承", List.of("ISO 9001:2015"), "专精特新", 12, new BigDecimal("10000"),
                new BigDecimal("600"), true, 2000.0, "套/年", "P4级", "精密轴承", false, "REGISTRY", "王工", "138");
    }

    private static CandidateFacts with(CandidateFacts c, String field, Object value) {
        return new CandidateFacts(c.creditCode(), c.name(),
                field.equals("city") ? (String) value : c.cityCode(), field.equals("city") ? "某市" : c.cityName(),
                field.equals("region") ? (String) value : c.regionCode(), c.regionName(), field.equals("outside") ? (String) value : c.outsideProvince(),
                field.equals("node") ? (String) value : c.node(), c.nodeName(), field.equals("substitute") ? (Boolean) value : c.substitute(),
                field.equals("fit") ? (String) value : c.fit(), field.equals("confidence") ? (Double) value : c.confidence(), c.matched(),
                field.equals("certs") ? (List<String>) value : c.certifications(), field.equals("tier") ? (String) value : c.tier(),
                c.patents(), c.revenue(), c.rndSpending(), field.equals("visible") ? (Boolean) value : c.privateVisible(),
                field.equals("capacity") ? (Double) value : c.capacity(), field.equals("unit") ? (String) value : c.capacityUnit(),
                field.equals("tech") ? (String) value : c.techParams(), c.products(), field.equals("unwilling") ? (Boolean) value : c.unwilling(),
                c.profileSource(), c.contactName(), c.contactPhone());
    }

    private MatchRules.Match match(DemandFacts d, CandidateFacts c) {
        return match(d, c, Matchmaking.NONE);
    }

    private MatchRules.Match match(DemandFacts d, CandidateFacts c, Matchmaking m) {
        MatchRules.Evaluation e = rules.evaluate(d, c, m);
        assertThat(e.excluded()).as("excluded: %s", e.excluded()).isNull();
        return e.match();
    }

    private MatchRules.Excluded excluded(DemandFacts d, CandidateFacts c, Matchmaking m) {
        MatchRules.Evaluation e = rules.evaluate(d, c, m);
        assertThat(e.match()).as("not excluded").isNull();
        return e.excluded();
    }

    @Test
    void meetingEveryStatedRequirementIsRecommendedAndTheScoreIsTheSumOfItsComponents() {
        MatchRules.Match m = match(p4(), supplier("A"));
        assertThat(m.band()).isEqualTo(Band.RECOMMENDED);
        assertThat(m.reasons()).containsExactly("满足需求写明的全部要求");
        assertThat(m.components().keySet()).containsExactly("nodeFit", "spec", "certification", "capacity", "proximity", "tier",
                "innovation", "relation");
        double sum = m.components().values().stream().mapToDouble(MatchRules.Component::points).sum();
        assertThat(m.score()).isCloseTo(sum, within(0.11));
        // 0.95 × 20 + 20 + 10 + 15 + 15 + 0.6 × 10 + (6 % R&D → 1, 12 patents → 1) × 5 + 0 = 90
        assertThat(m.score()).isEqualTo(90.0);
        assertThat(m.components().get("nodeFit").points()).isEqualTo(19.0);
        assertThat(m.components().get("nodeFit").detail()).isEqualTo("按主营产品「精密轴承」归类为「轴承」，置信度 0.95");
        assertThat(m.components().get("certification").detail()).isEqualTo("具备全部必备资质认证：ISO 9001");
        assertThat(m.components().get("relation").source()).isEqualTo(MatchRules.Source.NONE);
    }

    @Test
    void everyHardFilterHasItsCodeAndItsReason() {
        DemandFacts d = demand(1000.0, List.of("ISO 9001", "IATF 16949"), Set.of(), Set.of("440600", "OUTSIDE"), "P4");
        assertThat(excluded(d, supplier("LEADER"), Matchmaking.NONE).reasonCodes()).contains("SELF");
        assertThat(excluded(d, with(supplier("B"), "unwilling", true), Matchmaking.NONE).reasons()).contains("企业已声明不参与配套对接");
        assertThat(excluded(d, supplier("C"), new Matchmaking(false, false, 0, true)).reasonCodes()).contains("UNWILLING");
        assertThat(excluded(d, with(supplier("D"), "city", "440600"), Matchmaking.NONE).reasonCodes()).contains("EXCLUDED_REGION");
        MatchRules.Excluded outside = excluded(d, with(with(supplier("E"), "city", null), "outside", "江苏"), Matchmaking.NONE);
        assertThat(outside.reasons()).contains("位于需求排除的地区（省外-江苏）");
        assertThat(excluded(d, supplier("F"), Matchmaking.NONE).reasons()).containsExactly("缺少必备资质认证：IATF 16949（企业写明的认证：ISO 9001:2015）");
        MatchRules.Excluded p5 = excluded(p4(), with(supplier("G"), "tech", "P5"), Matchmaking.NONE);
        assertThat(p5.reasonCodes()).containsExactly("SPEC_NOT_MET");
        assertThat(p5.reasons()).containsExactly("规格不符：精度等级：需求 P4，企业写明 P5，未达到");
        // a more precise class meets a less precise demand
        assertThat(match(demand(1000.0, List.of(), Set.of(), Set.of(), "P5"), supplier("H")).band()).isEqualTo(Band.RECOMMENDED);
    }

    @Test
    void unstatedKeyFactsSubstitutesAndUnsureClassificationsAreToVerify() {
        MatchRules.Match grade = match(p4(), with(supplier("A"), "tech", "深沟球轴承"));
        assertThat(grade.band()).isEqualTo(Band.VERIFY);
        assertThat(grade.reasons()).containsExactly("待核实：企业未写明精度等级");
        assertThat(grade.components().get("spec").points()).isZero();
        MatchRules.Match capacity = match(p4(), with(supplier("B"), "unit", "吨"));
        assertThat(capacity.band()).isEqualTo(Band.VERIFY);
        assertThat(capacity.components().get("capacity").detail()).isEqualTo("年产能 2000 吨 与需求单位（套）不同，无法比较");
        MatchRules.Match substitute = match(p4(), with(with(supplier("C"), "substitute", true), "node", "SLEWING_BEARING"));
        assertThat(substitute.band()).isEqualTo(Band.VERIFY);
        assertThat(substitute.components().get("nodeFit").points()).isEqualTo(9.5);
        assertThat(substitute.components().get("nodeFit").detail()).startsWith("替代品：「轴承」可替代「轴承」，按 50% 计");
        MatchRules.Match unsure = match(p4(), with(supplier("D"), "confidence", 0.65));
        assertThat(unsure.band()).isEqualTo(Band.VERIFY);
        assertThat(unsure.reasons().get(0)).contains("归类置信度 0.65 偏低（低于 0.70）");
        // a matchmaking record that confirmed the capability stands in for the unstated grade
        MatchRules.Match confirmed = match(p4(), with(supplier("E"), "tech", null), new Matchmaking(false, true, 0, false));
        assertThat(confirmed.band()).isEqualTo(Band.RECOMMENDED);
        assertThat(confirmed.components().get("spec").source()).isEqualTo(MatchRules.Source.MATCHMAKING);
    }

    @Test
    void aCapacityShortfallIsShownAndWeakensTheBand() {
        MatchRules.Match part = match(p4(), with(supplier("A"), "capacity", 600.0));
        assertThat(part.band()).isEqualTo(Band.VERIFY);
        assertThat(part.components().get("capacity").detail()).isEqualTo("产能不足：可用年产能 600 套，低于需求 1000 套（可满足 60%，缺口 400 套）");
        assertThat(part.components().get("capacity").points()).isEqualTo(9.0);
        MatchRules.Match little = match(p4(), with(supplier("B"), "capacity", 200.0));
        assertThat(little.band()).isEqualTo(Band.NOT_RECOMMENDED);
        assertThat(little.reasons()).contains("产能远低于需求数量，匹配较弱");
        // capacity others already take is said, never whose
        MatchRules.Match taken = match(p4(), supplier("C"), new Matchmaking(false, false, 1500, false));
        assertThat(taken.components().get("capacity").detail()).isEqualTo("产能不足：可用年产能 500 套，低于需求 1000 套（可满足 50%，缺口 500 套）（部分产能已被占用）");
        assertThat(taken.reasons()).contains("部分产能已被占用");
    }

    @Test
    void proximityTierRelationAndPrivacy() {
        assertThat(match(p4(), supplier("A")).components().get("proximity").value()).isEqualTo(1.0);
        assertThat(match(p4(), with(supplier("B"), "city", "440300")).components().get("proximity").value()).isEqualTo(0.7);
        assertThat(match(p4(), with(with(supplier("C"), "city", "441700"), "region", "WEST")).components().get("proximity").value()).isEqualTo(0.5);
        assertThat(match(p4(), with(with(supplier("D"), "city", null), "outside", "江苏")).components().get("proximity").value()).isEqualTo(0.2);
        DemandFacts prefers = demand(1000.0, List.of(), Set.of("441700"), Set.of(), "P4");
        assertThat(match(prefers, with(with(supplier("E"), "city", "441700"), "region", "WEST")).components().get("proximity").detail())
                .isEqualTo("位于需求优先地区（某市）");
        assertThat(match(p4(), with(supplier("F"), "tier", "单项冠军")).components().get("tier").points()).isEqualTo(10.0);
        assertThat(match(p4(), with(supplier("G"), "tier", null)).components().get("tier").detail()).isEqualTo("未评级");
        MatchRules.Match related = match(p4(), supplier("H"), new Matchmaking(true, false, 0, false));
        assertThat(related.components().get("relation").points()).isEqualTo(5.0);
        assertThat(related.components().get("relation").source()).isEqualTo(MatchRules.Source.MATCHMAKING);
        // R&D spending and revenue are private: a leader sees the points, not the value
        MatchRules.Match hidden = match(p4(), with(supplier("I"), "visible", false));
        assertThat(hidden.components().get("innovation").detail()).isEqualTo("研发投入强度：企业未同意公开（仅计分）；有效发明专利 12 件");
        assertThat(hidden.components().get("innovation").points()).isEqualTo(5.0);
        assertThat(match(p4(), supplier("J")).components().get("innovation").detail()).isEqualTo("研发投入强度 6.0%；有效发明专利 12 件");
    }

    @Test
    void theBandComesBeforeTheScoreAndAWeakScoreIsNotRecommended() {
        CandidateFacts champion = with(with(supplier("Z"), "tech", null), "tier", "单项冠军");
        CandidateFacts plain = with(supplier("A"), "tier", null);
        MatchRules.Ranking r = rules.rank(p4(), List.of(champion, plain), c -> Matchmaking.NONE);
        assertThat(r.matches()).extracting(m -> m.candidate().creditCode()).containsExactly("A", "Z");
        MatchWeights strict = new MatchWeights();
        strict.setWeakScore(95);
        MatchRules.Match weak = new MatchRules(strict).evaluate(p4(), supplier("A"), Matchmaking.NONE).match();
        assertThat(weak.band()).isEqualTo(Band.NOT_RECOMMENDED);
        assertThat(weak.reasons().get(0)).isEqualTo("综合得分 90 低于 95，匹配较弱");
    }

    @Test
    void aDemandThatStatesNothingComparesEveryoneOnTheSameFooting() {
        DemandFacts bare = new DemandFacts(2, "LEADER", "441900", "东莞", "PRD", "BEARING", "轴承", null, null, Map.of(),
                List.of(), Set.of(), Set.of());
        MatchRules.Match m = match(bare, with(supplier("A"), "tech", null));
        assertThat(m.band()).isEqualTo(Band.RECOMMENDED);
        assertThat(m.reasons().get(0)).isEqualTo("需求未写明规格、数量和认证要求；按产品匹配推荐");
        assertThat(m.components().get("spec").detail()).isEqualTo("需求未写明结构化规格，各候选同分");
        assertThat(m.components().get("capacity").detail()).isEqualTo("需求未写明数量，不比较产能");
        assertThat(m.components().get("certification").detail()).isEqualTo("具备质量体系认证：ISO 9001:2015");
    }

    /**
     * 需求覆盖 and the figures count bands through a shorter path than the ranking (no words, no judgements kept): on
     * thousands of random demand × candidate pairs it gives every candidate the band the ranking gives it, and excludes
     * the same ones.
     */
    @Test
    void theBandsCountedForCoverageAreTheRankingsBands() {
        java.util.Random rnd = new java.util.Random(7);
        String[] classes = {"P0", "P6", "P5", "P4", "P2"};
        String[] cities = {"441900", "440300", "445100", null};
        String[] regions = {"PRD", "PRD", "EAST", null};
        String[] tiers = {null, "高新技术企业", "专精特新", "专精特新小巨人", "单项冠军"};
        String[] units = {"套/年", "套", "万套/年", "件/年", null};
        String[] fits = {"CLASSIFIED", "EXPLICIT", "MANUAL"};
        int recommended = 0;
        int verify = 0;
        int weak = 0;
        int excluded = 0;
        for (int i = 0; i < 20_000; i++) {
            List<String> certs = rnd.nextInt(3) == 0 ? List.of("ISO 9001") : List.of();
            Set<String> preferred = rnd.nextInt(5) == 0 ? Set.of("440300") : Set.of();
            Set<String> excl = rnd.nextInt(5) == 0 ? Set.of("OUTSIDE") : Set.of();
            Double quantity = rnd.nextInt(4) == 0 ? null : (double) (100 + rnd.nextInt(5000));
            DemandFacts d = rnd.nextBoolean()
                    ? demand(quantity, certs, preferred, excl, classes[rnd.nextInt(classes.length)])
                    : demand(quantity, certs, preferred, excl);
            int c = rnd.nextInt(cities.length);
            CandidateFacts s = new CandidateFacts(rnd.nextInt(50) == 0 ? "LEADER" : "S" + i, "S" + i, cities[c], "某市",
                    regions[c], "某区", cities[c] == null ? "江苏" : null, "BEARING", "轴承", rnd.nextInt(5) == 0,
                    fits[rnd.nextInt(fits.length)], 0.3 + rnd.nextInt(70) / 100.0, null,
                    rnd.nextBoolean() ? List.of("ISO 9001:2015") : rnd.nextBoolean() ? List.of("ISO 14001") : List.of(),
                    tiers[rnd.nextInt(tiers.length)], rnd.nextInt(3) == 0 ? null : rnd.nextInt(20),
                    rnd.nextBoolean() ? new BigDecimal(1000 + rnd.nextInt(9000)) : null, new BigDecimal(rnd.nextInt(800)),
                    false, rnd.nextInt(4) == 0 ? null : (double) rnd.nextInt(6000), units[rnd.nextInt(units.length)],
                    rnd.nextInt(4) == 0 ? null : classes[rnd.nextInt(classes.length)] + "级", "", rnd.nextInt(30) == 0,
                    null, null, null);
            Matchmaking m = rnd.nextInt(10) == 0
                    ? new Matchmaking(rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextInt(3000), rnd.nextInt(10) == 0)
                    : Matchmaking.NONE;
            MatchRules.Prepared p = MatchRules.prepare(s);
            Band expected = rules.assessedBand(d, p, m);
            assertThat(rules.fastBand(d, p, m)).as("pair %d: %s / %s", i, d, s).isEqualTo(expected);
            if (expected == null) {
                excluded++;
            } else {
                switch (expected) {
                    case RECOMMENDED -> recommended++;
                    case VERIFY -> verify++;
                    default -> weak++;
                }
            }
        }
        // the random cases reach every outcome
        assertThat(List.of(recommended, verify, weak, excluded)).allMatch(n -> n > 100);
    }

    @Test
    void aPoolsBandsAreEachCandidatesBandWhateverItsCertificationsShare() {
        // 需求覆盖 bands a node's whole pool per demand, with certification lists and units shared between candidates
        // (one object per distinct text, as the pools prepare them): each band must still be the candidate's own
        java.util.Random rnd = new java.util.Random(11);
        List<List<String>> certLists = List.of(List.of("ISO 9001:2015"), List.of("ISO 14001"), List.of(),
                List.of("ISO 14001", "IATF 16949"), List.of("iso9001", "AS9100"));
        String[] cities = {"441900", "440300", "445100", null};
        String[] regions = {"PRD", "PRD", "EAST", null};
        String[] units = {"套/年", "套", "件/年", null};
        MatchRules.Preparer preparer = new MatchRules.Preparer();
        List<MatchRules.Prepared> pool = new java.util.ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            int c = rnd.nextInt(cities.length);
            pool.add(preparer.prepare(new CandidateFacts(rnd.nextInt(100) == 0 ? "LEADER" : "S" + i, "S" + i, cities[c],
                    "某市", regions[c], "某区", cities[c] == null ? "江苏" : null, "BEARING", "轴承", rnd.nextInt(5) == 0,
                    rnd.nextBoolean() ? "CLASSIFIED" : "EXPLICIT", 0.3 + rnd.nextInt(70) / 100.0, null,
                    certLists.get(rnd.nextInt(certLists.size())), null, rnd.nextInt(20), null, null, false,
                    rnd.nextInt(4) == 0 ? null : (double) rnd.nextInt(6000), units[rnd.nextInt(units.length)], null, "",
                    rnd.nextInt(30) == 0, null, null, null)));
        }
        int[] outcomes = new int[4];
        for (DemandFacts d : List.of(demand(2000.0, List.of("ISO 9001"), Set.of(), Set.of()),
                demand(500.0, List.of("ISO 14001", "IATF16949"), Set.of("445100"), Set.of("OUTSIDE")),
                demand(null, List.of(), Set.of(), Set.of()))) {
            List<Band> bands = rules.bands(d, pool, MatchRules.NO_MATCHMAKING, null);
            for (int i = 0; i < pool.size(); i++) {
                Band expected = rules.assessedBand(d, pool.get(i), Matchmaking.NONE);
                assertThat(bands.get(i)).as("candidate %d of %s", i, d).isEqualTo(expected);
                outcomes[expected == null ? 3 : expected.ordinal()]++;
            }
        }
        assertThat(java.util.Arrays.stream(outcomes).min().getAsInt()).as("every outcome reached").isGreaterThan(50);
    }

    /**
     * A pooled candidate (MatchRules.Preparer#pooled: one object, its facts rebuilt when asked) must rank exactly as the
     * facts it stands for: the same facts back, and for every demand the same order, bands, scores, components, reasons,
     * sources and exclusions as the candidates prepared from those facts — what the matches page and 需求覆盖 show.
     */
    /** Revenues a pooled candidate keeps as they are (too many digits, a negative or large scale) and some that pack. */
    private static final List<BigDecimal> ODD_DECIMALS = List.of(new BigDecimal("123456789012345678.1234"),
            new BigDecimal("1E+3"), new BigDecimal("0.00000000000000000000000000000000001"), new BigDecimal("-12.5000"),
            new BigDecimal("99999999999999999"), BigDecimal.ZERO.setScale(4));

    @Test
    void aPooledCandidateRanksAndReadsExactlyAsTheFactsItStandsFor() {
        java.util.Random rnd = new java.util.Random(23);
        List<List<String>> certLists = List.of(List.of("ISO 9001:2015"), List.of("ISO 14001"), List.of(),
                List.of("ISO 14001", "IATF 16949"), List.of("iso9001", "AS9100"));
        String[] cities = {"441900", "440300", "445100", null};
        String[] cityNames = {"东莞", "深圳", "潮州", null};
        String[] regions = {"PRD", "PRD", "EAST", null};
        String[] regionNames = {"珠三角", "珠三角", "沿海经济带东翼", null};
        String[] tiers = {null, "高新技术企业", "专精特新", "专精特新小巨人", "单项冠军"};
        String[] units = {"套/年", "套", "万套/年", "件/年", null};
        String[] fits = {"CLASSIFIED", "EXPLICIT", "MANUAL"};
        String[] classes = {"P0", "P6", "P5", "P4", "P2"};
        MatchRules.Preparer pooling = new MatchRules.Preparer();
        List<MatchRules.Prepared> pooled = new java.util.ArrayList<>();
        List<MatchRules.Prepared> fromFacts = new java.util.ArrayList<>();
        Map<String, Map<SpecParser.Field, List<SpecParser.Value>>> stated = new java.util.HashMap<>();
        Map<String, Matchmaking> known = new java.util.HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            int c = rnd.nextInt(cities.length);
            boolean substitute = rnd.nextInt(5) == 0;
            CandidateFacts f = new CandidateFacts(rnd.nextInt(100) == 0 ? "LEADER" : String.format("S%05d", i),
                    rnd.nextInt(50) == 0 ? "同名企业" : "企业" + rnd.nextInt(1500), cities[c], cityNames[c], regions[c],
                    regionNames[c], cities[c] == null ? (rnd.nextBoolean() ? "江苏" : null) : null,
                    substitute ? "ROLLER" : "BEARING", substitute ? "滚子" : "轴承", substitute, fits[rnd.nextInt(fits.length)],
                    0.3 + rnd.nextInt(70) / 100.0, null, certLists.get(rnd.nextInt(certLists.size())),
                    tiers[rnd.nextInt(tiers.length)], rnd.nextInt(3) == 0 ? null : rnd.nextInt(300),
                    rnd.nextBoolean() ? new BigDecimal(1000 + rnd.nextInt(9000)).movePointLeft(rnd.nextInt(5))
                            : rnd.nextInt(10) == 0 ? ODD_DECIMALS.get(rnd.nextInt(ODD_DECIMALS.size())) : null,
                    rnd.nextBoolean() ? new BigDecimal(rnd.nextInt(800)).setScale(4)
                            : rnd.nextInt(10) == 0 ? ODD_DECIMALS.get(rnd.nextInt(ODD_DECIMALS.size())) : null, false,
                    rnd.nextInt(4) == 0 ? null : rnd.nextInt(6000) / (rnd.nextBoolean() ? 1.0 : 7.0),
                    units[rnd.nextInt(units.length)], null, "", rnd.nextInt(30) == 0, null, null, null);
            pooled.add(pooling.pooled(f.creditCode(), f.name(), f.cityCode(), f.cityName(), f.regionCode(), f.regionName(),
                    f.outsideProvince(), f.node(), f.nodeName(), f.substitute(), f.fit(), f.confidence(), f.certifications(),
                    f.tier(), f.patents(), MatchRules.Decimals.pack(f.revenue()), MatchRules.Decimals.pack(f.rndSpending()),
                    MatchRules.Decimals.pack(f.revenue()) == MatchRules.Decimals.UNPACKED
                            || MatchRules.Decimals.pack(f.rndSpending()) == MatchRules.Decimals.UNPACKED
                            ? new BigDecimal[]{f.revenue(), f.rndSpending()} : null,
                    f.capacity() == null ? Double.NaN : f.capacity(), f.capacityUnit(), f.unwilling(), null));
            fromFacts.add(MatchRules.prepare(f));
            assertThat(pooled.get(i).candidate()).as("the facts back").isEqualTo(f);
            if (rnd.nextInt(4) != 0) {
                stated.put(f.creditCode(), SpecParser.stated("BEARING", classes[rnd.nextInt(classes.length)] + "级", null));
            }
            if (rnd.nextInt(10) == 0) {
                known.put(f.creditCode(), new Matchmaking(rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextInt(3000),
                        rnd.nextInt(10) == 0, List.of("2026-10 终止：资质")));
            }
        }
        java.util.function.Function<String, Matchmaking> mm = code -> known.getOrDefault(code, Matchmaking.NONE);
        java.util.function.Function<String, Map<SpecParser.Field, List<SpecParser.Value>>> specs =
                code -> stated.getOrDefault(code, Map.of());
        int shown = 0;
        for (DemandFacts d : List.of(demand(2000.0, List.of("ISO 9001"), Set.of(), Set.of(), "P4"),
                demand(500.0, List.of("ISO 14001", "IATF16949"), Set.of("445100"), Set.of("OUTSIDE")),
                demand(null, List.of(), Set.of("OUTSIDE"), Set.of(), "P5"), demand(800.0, List.of(), Set.of(), Set.of()))) {
            MatchRules.Ranking a = rules.rank(d, pooled, mm, 50, true, Set.of("S00007", "S01999"), specs);
            MatchRules.Ranking b = rules.rank(d, fromFacts, mm, 50, true, Set.of("S00007", "S01999"), specs);
            assertThat(a.matches()).hasSameSizeAs(b.matches());
            for (int i = 0; i < a.matches().size(); i++) {
                MatchRules.Match x = a.matches().get(i);
                MatchRules.Match y = b.matches().get(i);
                assertThat(x.candidate()).as("rank %d of %s", i, d).isEqualTo(y.candidate());
                assertThat(x.band()).isEqualTo(y.band());
                assertThat(x.score()).isEqualTo(y.score());
                assertThat(x.components()).isEqualTo(y.components());
                assertThat(x.reasons()).isEqualTo(y.reasons());
                assertThat(x.sources()).isEqualTo(y.sources());
                shown += x.reasons().isEmpty() ? 0 : 1;
            }
            assertThat(a.excluded()).isEqualTo(b.excluded());
            assertThat(rules.bands(d, pooled, mm, specs)).isEqualTo(rules.bands(d, fromFacts, mm, specs));
            List<MatchRules.Scored> sa = rules.scores(d, pooled, mm, specs);
            List<MatchRules.Scored> sb = rules.scores(d, fromFacts, mm, specs);
            assertThat(sa.stream().map(x -> List.of(x.candidate(), x.band(), x.score())).toList())
                    .isEqualTo(sb.stream().map(x -> List.of(x.candidate(), x.band(), x.score())).toList());
            assertThat(rules.anyRecommended(d, pooled, p -> p.cityCode() != null, mm, specs))
                    .isEqualTo(rules.anyRecommended(d, fromFacts, p -> p.cityCode() != null, mm, specs));
        }
        assertThat(shown).as("explained matches compared").isGreaterThan(100);
    }

    /**
     * A cold read after a write keeps the previous pool's candidate object only where every fact it was pooled from is
     * the same (MatchRules.Preparer#pooled's {@code previous}): a change to any one of them — a renamed company, a new
     * city, revenue with another scale, a capacity stated at last — gives a new candidate carrying the new fact.
     */
    @Test
    void aPreviousPooledCandidateIsKeptOnlyWhenEveryFactIsTheSame() {
        Object[] facts = {"S00001", "东莞精密轴承", "441900", "东莞", "PRD", "珠三角", null, "BEARING", "轴承", false,
                "CLASSIFIED", 0.8, List.of("ISO 9001"), "专精特新", 12, MatchRules.Decimals.pack(new BigDecimal("5000.0000")),
                MatchRules.Decimals.pack(new BigDecimal("250.0000")), null, 3000.0, "套/年", false};
        Object[] changed = {"S00002", "东莞精密轴承有限公司", "440300", "深圳", "EAST", "沿海经济带东翼", "江苏", "ROLLER", "滚子",
                true, "MANUAL", 0.81, List.of("ISO 9001", "IATF 16949"), "单项冠军", 13,
                MatchRules.Decimals.pack(new BigDecimal("5000.00")), MatchRules.Decimals.pack(new BigDecimal("251.0000")),
                new BigDecimal[]{new BigDecimal("1E+3"), null}, Double.NaN, "件/年", true};
        MatchRules.Prepared before = pooled(new MatchRules.Preparer(), facts, null);
        assertThat(pooled(new MatchRules.Preparer(), facts.clone(), before)).as("nothing changed").isSameAs(before);
        for (int i = 0; i < facts.length; i++) {
            Object[] now = facts.clone();
            now[i] = changed[i];
            MatchRules.Prepared after = pooled(new MatchRules.Preparer(), now, before);
            assertThat(after).as("fact %d changed", i).isNotSameAs(before);
            assertThat(after.candidate()).as("fact %d changed", i).isEqualTo(pooled(new MatchRules.Preparer(), now, null).candidate());
        }
    }

    private static MatchRules.Prepared pooled(MatchRules.Preparer p, Object[] a, MatchRules.Prepared previous) {
        @SuppressWarnings("unchecked")
        List<String> certs = (List<String>) a[12];
        return p.pooled((String) a[0], (String) a[1], (String) a[2], (String) a[3], (String) a[4], (String) a[5],
                (String) a[6], (String) a[7], (String) a[8], (Boolean) a[9], (String) a[10], (Double) a[11], certs,
                (String) a[13], (Integer) a[14], (Long) a[15], (Long) a[16], (BigDecimal[]) a[17], (Double) a[18],
                (String) a[19], (Boolean) a[20], previous);
    }

    /**
     * A pooled candidate's R&amp;D intensity is read from its packed figures without a BigDecimal: the double must be
     * the very one BigDecimal#doubleValue gives, for values of the registry's DECIMAL(18,4) and for odd ones.
     */
    @Test
    void packedFiguresReadAsTheSameDoublesAsTheirDecimals() {
        java.util.Random rnd = new java.util.Random(15);
        List<BigDecimal> values = new java.util.ArrayList<>(ODD_DECIMALS);
        for (int i = 0; i < 100_000; i++) {
            long unscaled = rnd.nextInt(3) == 0 ? rnd.nextLong() % 100_000_000_000_000_000L : rnd.nextInt(10_000_000);
            values.add(BigDecimal.valueOf(unscaled, rnd.nextInt(32)));
        }
        values.add(BigDecimal.valueOf((1L << 52) - 1, 4));
        values.add(BigDecimal.valueOf(1L << 52, 4));
        values.add(BigDecimal.valueOf(12345, 22));
        values.add(BigDecimal.valueOf(12345, 23));
        for (BigDecimal v : values) {
            long packed = MatchRules.Decimals.pack(v);
            BigDecimal[] odd = packed == MatchRules.Decimals.UNPACKED ? new BigDecimal[]{v} : null;
            assertThat(MatchRules.Decimals.doubleValue(packed, odd, 0)).as("%s", v.toPlainString()).isEqualTo(v.doubleValue());
            assertThat(MatchRules.Decimals.signum(packed, odd, 0)).as("%s", v.toPlainString()).isEqualTo(v.signum());
        }
    }

    @Test
    void equalBandsAndScoresAreListedByNameThenCodeAndTheExcludedByNameWhenTheyAreShown() {
        // four equal P4 suppliers: only the names (one missing) and codes tell them apart
        List<CandidateFacts> equal = List.of(with(supplier("S4"), "tech", "P4级"), renamed(supplier("S3"), "乙轴承"),
                renamed(supplier("S2"), null), renamed(supplier("S1"), "乙轴承"));
        List<String> order = rules.rank(p4(), equal, code -> Matchmaking.NONE).matches().stream()
                .map(m -> m.candidate().creditCode()).toList();
        assertThat(order).containsExactly("S4", "S1", "S3", "S2"); // "S4轴承" < "乙轴承" (S1 before S3) < no name

        List<MatchRules.Prepared> lacking = List.of(renamed(with(supplier("B"), "certs", List.of()), "丙轴承"),
                renamed(with(supplier("A"), "certs", List.of()), "甲轴承")).stream().map(MatchRules::prepare).toList();
        assertThat(rules.rank(p4(), lacking, code -> Matchmaking.NONE, 0, true, Set.of(), null).excluded())
                .extracting(e -> e.candidate().name()).containsExactly("丙轴承", "甲轴承");
        assertThat(rules.rank(p4(), List.of(lacking.get(1), lacking.get(0)), code -> Matchmaking.NONE, 0, false, Set.of(), null).excluded())
                .as("not shown: left in the candidates' order, only counted").extracting(e -> e.candidate().creditCode())
                .containsExactly("A", "B");
    }

    private static CandidateFacts renamed(CandidateFacts c, String name) {
        return new CandidateFacts(c.creditCode(), name, c.cityCode(), c.cityName(), c.regionCode(), c.regionName(),
                c.outsideProvince(), c.node(), c.nodeName(), c.substitute(), c.fit(), c.confidence(), c.matched(),
                c.certifications(), c.tier(), c.patents(), c.revenue(), c.rndSpending(), c.privateVisible(), c.capacity(),
                c.capacityUnit(), c.techParams(), c.products(), c.unwilling(), c.profileSource(), c.contactName(),
                c.contactPhone());
    }
}
