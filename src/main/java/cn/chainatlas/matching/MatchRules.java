package cn.chainatlas.matching;

import cn.chainatlas.chain.SpecParser;
import cn.chainatlas.common.Text;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The matching rules: one demand's figures and its candidates' figures in, a ranked list with every reason out. No
 * database, no HTTP ({@link MatchingService} reads the figures). docs/matching.md describes each rule and default.
 *
 * <ul>
 *   <li><b>Hard filters</b> (an excluded candidate is listed with its reason codes and Chinese reasons): the leader
 *   itself (SELF), declared unwilling (UNWILLING), in an excluded region (EXCLUDED_REGION), a required certification
 *   missing (MISSING_CERTIFICATION), a stated spec that does not meet the demand (SPEC_NOT_MET).</li>
 *   <li><b>Score</b>: Σ weight × value over eight components (node fit, spec, certification, capacity, proximity,
 *   tier, R&amp;D and patents, existing relation); each component is shown with its weight, value, points, the fact
 *   behind it and where that fact comes from.</li>
 *   <li><b>Bands</b>: 推荐 — meets every stated requirement; 待核实 — nothing fails but a key fact is not stated
 *   (spec, capacity), the fit is a substitute or a low-confidence classification, or capacity covers part of the
 *   quantity; 不推荐 — a weak fit (score below the bar, or capacity for less than part of the quantity).</li>
 * </ul>
 * Nothing is sold or boosted: no input of these rules is a payment or a manual ranking.
 */
public final class MatchRules {

    /** The three bands, best first. */
    public enum Band {
        RECOMMENDED("推荐"), VERIFY("待核实"), NOT_RECOMMENDED("不推荐");

        private final String label;

        Band(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Where a fact comes from: never sold, never boosted. */
    public enum Source {
        REGISTRY("名录申报"), ENTERPRISE("企业自行填报"), BUREAU("主管部门修改或确认"), MATCHMAKING("对接记录确认"),
        DEMAND("需求方填写"), NONE("无");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Source of(String profileSource) {
            try {
                return profileSource == null ? REGISTRY : valueOf(profileSource);
            } catch (IllegalArgumentException e) {
                return REGISTRY;
            }
        }
    }

    /**
     * What matching needs of a demand.
     *
     * @param leaderRegion    the region (珠三角 …) of the leader's city
     * @param requirements    the spec fields required (SpecParser), possibly none
     * @param preferredRegions 6-digit city codes or OUTSIDE
     */
    public record DemandFacts(long id, String leader, String leaderCity, String leaderCityName, String leaderRegion,
                              String node, String nodeName, Double quantity, String unit,
                              Map<SpecParser.Field, SpecParser.Value> requirements, List<String> requiredCertifications,
                              Set<String> preferredRegions, Set<String> excludedRegions) {
    }

    /**
     * What matching knows of one candidate (all of it from the registry row and its classification).
     *
     * @param node          the node it is classified to: the demand's, or one of its substitutes
     * @param substitute    {@code node} is a substitute of the demand's node
     * @param fit           CLASSIFIED (from its products), EXPLICIT (the registry names the node), MANUAL (a clerk)
     * @param privateVisible the viewer may see revenue, R&amp;D spending and contacts (not a LEADER, or consent)
     * @param profileSource REGISTRY, ENTERPRISE or BUREAU: who its registry facts come from
     * @param contactName   shown with the match only where {@code privateVisible}; the rules do not use it
     */
    public record CandidateFacts(String creditCode, String name, String cityCode, String cityName, String regionCode,
                                 String regionName, String outsideProvince, String node, String nodeName,
                                 boolean substitute, String fit, double confidence, String matched,
                                 List<String> certifications, String tier, Integer patents, BigDecimal revenue,
                                 BigDecimal rndSpending, boolean privateVisible, Double capacity, String capacityUnit,
                                 String techParams, String products, boolean unwilling, String profileSource,
                                 String contactName, String contactPhone) {
    }

    /**
     * What matchmaking records say about a candidate for this demand ({@link MatchmakingFacts}); {@link #NONE} until
     * the matchmaking feature supplies them.
     *
     * @param capacityTaken capacity committed to others, in the demand's unit
     */
    public record Matchmaking(boolean existingRelation, boolean confirmedCapability, double capacityTaken, boolean declined) {
        public static final Matchmaking NONE = new Matchmaking(false, false, 0, false);
    }

    /**
     * One component of the score.
     *
     * @param value  0–1: how fully the fact meets the component
     * @param points weight × value
     * @param detail the fact behind the value in Chinese (a private value is replaced by 未公开 when the viewer may not
     *               see it; its points still count)
     */
    public record Component(String key, String label, double weight, double value, double points, String detail,
                            Source source) {
    }

    public record Match(CandidateFacts candidate, Band band, double score, Map<String, Component> components,
                        List<String> reasons, Map<String, Source> sources) {
    }

    public record Excluded(CandidateFacts candidate, List<String> reasonCodes, List<String> reasons) {
    }

    /** One candidate's evaluation: a match or an exclusion. */
    public record Evaluation(Match match, Excluded excluded) {
    }

    /** Matches best first (band, then score, then name), and the excluded. */
    public record Ranking(List<Match> matches, List<Excluded> excluded) {
    }

    private static final List<String> QUALITY_SYSTEMS = List.of("iso9001", "iatf16949", "as9100", "iso13485");
    private static final Map<String, Double> TIER_VALUE = Map.of("单项冠军", 1.0, "专精特新小巨人", 0.8, "专精特新", 0.6, "高新技术企业", 0.4);

    private final MatchWeights w;

    public MatchRules(MatchWeights weights) {
        this.w = weights;
    }

    /** Every candidate evaluated and ranked. */
    public Ranking rank(DemandFacts d, List<CandidateFacts> candidates, Function<String, Matchmaking> matchmaking) {
        List<Match> matches = new ArrayList<>();
        List<Excluded> excluded = new ArrayList<>();
        for (CandidateFacts c : candidates) {
            Evaluation e = evaluate(d, c, matchmaking.apply(c.creditCode()));
            if (e.match() != null) {
                matches.add(e.match());
            } else {
                excluded.add(e.excluded());
            }
        }
        matches.sort(ORDER);
        excluded.sort(Comparator.comparing((Excluded x) -> x.candidate().name()));
        return new Ranking(matches, excluded);
    }

    /** Best band first, then the higher score, then by name (a stable order for equal scores). */
    public static final Comparator<Match> ORDER = Comparator.comparing(Match::band)
            .thenComparing(Comparator.comparingDouble(Match::score).reversed())
            .thenComparing(m -> m.candidate().name())
            .thenComparing(m -> m.candidate().creditCode());

    /** One candidate against one demand. */
    public Evaluation evaluate(DemandFacts d, CandidateFacts c, Matchmaking m) {
        Matchmaking mm = m == null ? Matchmaking.NONE : m;
        List<String> codes = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        // ---- hard filters
        if (c.creditCode().equals(d.leader())) {
            codes.add("SELF");
            reasons.add(MatchReasons.text("match.excluded.SELF"));
        }
        if (c.unwilling() || mm.declined()) {
            codes.add("UNWILLING");
            reasons.add(MatchReasons.text("match.excluded.UNWILLING"));
        }
        String place = c.cityCode() != null ? c.cityCode() : "OUTSIDE";
        if (d.excludedRegions().contains(place)) {
            codes.add("EXCLUDED_REGION");
            reasons.add(MatchReasons.text("match.excluded.EXCLUDED_REGION", placeName(c)));
        }
        List<String> missing = new ArrayList<>();
        for (String required : d.requiredCertifications()) {
            if (!holds(c.certifications(), required)) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            codes.add("MISSING_CERTIFICATION");
            reasons.add(MatchReasons.text("match.excluded.MISSING_CERTIFICATION", String.join("、", missing),
                    c.certifications().isEmpty() ? "无" : String.join("、", c.certifications())));
        }
        Map<SpecParser.Field, List<SpecParser.Value>> stated = d.requirements().isEmpty() ? Map.of()
                : SpecParser.stated(d.node(), c.techParams(), c.products());
        List<SpecParser.Judgement> judgements = new ArrayList<>();
        for (SpecParser.Value required : d.requirements().values()) {
            SpecParser.Judgement j = SpecParser.judge(required, stated.getOrDefault(required.field(), List.of()));
            judgements.add(j);
            if (j.fails()) {
                if (!codes.contains("SPEC_NOT_MET")) {
                    codes.add("SPEC_NOT_MET");
                }
                reasons.add(MatchReasons.text("match.excluded.SPEC_NOT_MET", j.text()));
            }
        }
        if (!codes.isEmpty()) {
            return new Evaluation(null, new Excluded(c, codes, reasons));
        }
        // ---- the score
        Source profile = Source.of(c.profileSource());
        Map<String, Component> parts = new LinkedHashMap<>();
        List<String> verify = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Band band = Band.RECOMMENDED;

        // node fit
        double fit;
        String fitText;
        Source fitSource;
        if (mm.confirmedCapability()) {
            fit = 1;
            fitText = MatchReasons.text("match.node.confirmed", d.nodeName());
            fitSource = Source.MATCHMAKING;
        } else if ("MANUAL".equals(c.fit())) {
            fit = 1;
            fitText = MatchReasons.text("match.node.manual", c.nodeName());
            fitSource = Source.BUREAU;
        } else if ("EXPLICIT".equals(c.fit())) {
            fit = 1;
            fitText = MatchReasons.text("match.node.explicit", c.nodeName());
            fitSource = profile;
        } else {
            fit = Math.max(0, Math.min(1, c.confidence()));
            fitText = MatchReasons.text("match.node.classified", c.matched() == null ? c.nodeName() : c.matched(), c.nodeName(), dec2(c.confidence()));
            fitSource = profile;
            if (c.confidence() < w.getLowConfidence()) {
                verify.add(MatchReasons.text("match.verify.lowConfidence", dec2(c.confidence()), dec2(w.getLowConfidence())));
            }
        }
        if (c.substitute() && !mm.confirmedCapability()) {
            fit *= w.getSubstituteFactor();
            fitText = MatchReasons.text("match.node.substitute", c.nodeName(), d.nodeName(), pct(w.getSubstituteFactor())) + "；" + fitText;
            verify.add(MatchReasons.text("match.verify.substitute", c.nodeName(), d.nodeName()));
        }
        put(parts, "nodeFit", w.getNodeFit(), fit, fitText, fitSource);

        // spec
        if (judgements.isEmpty()) {
            put(parts, "spec", w.getSpec(), 1, MatchReasons.text("match.spec.none"), Source.DEMAND);
        } else {
            double sum = 0;
            List<String> texts = new ArrayList<>();
            List<String> unstated = new ArrayList<>();
            for (SpecParser.Judgement j : judgements) {
                if (j.meets()) {
                    sum += 1;
                    texts.add(j.text());
                } else if (mm.confirmedCapability()) {
                    sum += 1;
                    texts.add(j.text() + MatchReasons.text("match.spec.confirmed"));
                } else {
                    texts.add(j.text());
                    unstated.add(j.field().label());
                }
            }
            if (!unstated.isEmpty()) {
                verify.add(MatchReasons.text("match.verify.spec", String.join("、", unstated)));
            }
            put(parts, "spec", w.getSpec(), sum / judgements.size(), String.join("；", texts),
                    mm.confirmedCapability() ? Source.MATCHMAKING : profile);
        }

        // certifications
        if (!d.requiredCertifications().isEmpty()) {
            put(parts, "certification", w.getCertification(), 1,
                    MatchReasons.text("match.cert.required", String.join("、", d.requiredCertifications())), profile);
        } else {
            List<String> systems = c.certifications().stream().filter(x -> QUALITY_SYSTEMS.stream().anyMatch(q -> Text.key(x).contains(q))).toList();
            put(parts, "certification", w.getCertification(), systems.isEmpty() ? 0 : 1, systems.isEmpty()
                    ? MatchReasons.text("match.cert.noSystem")
                    : MatchReasons.text("match.cert.system", String.join("、", systems)), profile);
        }

        // capacity (what others already take is never said by whom)
        if (d.quantity() == null || d.quantity() <= 0) {
            put(parts, "capacity", w.getCapacity(), 1, MatchReasons.text("match.capacity.noQuantity"), Source.DEMAND);
        } else {
            String unit = d.unit() == null ? "" : d.unit();
            Double cap = SpecParser.quantityIn(c.capacity(), c.capacityUnit(), d.unit());
            if (cap == null) {
                String text = c.capacity() == null ? MatchReasons.text("match.capacity.none")
                        : MatchReasons.text("match.capacity.otherUnit", num(c.capacity()), nz(c.capacityUnit()), unit);
                put(parts, "capacity", w.getCapacity(), 0, text, profile);
                verify.add(MatchReasons.text("match.verify.capacity"));
            } else {
                double available = Math.max(0, cap - mm.capacityTaken());
                String taken = mm.capacityTaken() > 0 ? MatchReasons.text("match.capacity.taken") : "";
                double share = available / d.quantity();
                if (share >= 1) {
                    put(parts, "capacity", w.getCapacity(), 1,
                            MatchReasons.text("match.capacity.enough", num(available), unit, num(d.quantity())) + taken, profile);
                } else {
                    String text = MatchReasons.text("match.capacity.short", num(available), unit, num(d.quantity()), pct(share),
                            num(d.quantity() - available)) + taken;
                    put(parts, "capacity", w.getCapacity(), share, text, profile);
                    notes.add(text);
                    if (share >= w.getShortfallVerify()) {
                        verify.add(MatchReasons.text("match.verify.shortfall", pct(share)));
                    } else {
                        band = Band.NOT_RECOMMENDED;
                    }
                }
                if (mm.capacityTaken() > 0) {
                    notes.add(MatchReasons.text("match.capacity.taken.note"));
                }
            }
        }

        // proximity
        double near;
        String nearText;
        if (d.preferredRegions().contains(place)) {
            near = 1;
            nearText = MatchReasons.text("match.near.preferred", placeName(c));
        } else if (c.cityCode() == null) {
            near = 0.2;
            nearText = MatchReasons.text("match.near.outside", placeName(c));
        } else if (c.cityCode().equals(d.leaderCity())) {
            near = 1;
            nearText = MatchReasons.text("match.near.sameCity", nz(c.cityName()));
        } else if (c.regionCode() != null && c.regionCode().equals(d.leaderRegion())) {
            near = 0.7;
            nearText = MatchReasons.text("match.near.sameRegion", nz(c.cityName()), nz(c.regionName()));
        } else {
            near = 0.5;
            nearText = MatchReasons.text("match.near.province", nz(c.cityName()));
        }
        put(parts, "proximity", w.getProximity(), near, nearText, profile);

        // tier
        Double tierValue = c.tier() == null ? null : TIER_VALUE.get(c.tier());
        put(parts, "tier", w.getTier(), tierValue == null ? 0 : tierValue, tierValue == null
                ? MatchReasons.text("match.tier.none") : MatchReasons.text("match.tier", c.tier()), profile);

        // R&D intensity and patents: R&D spending and revenue are private unless the supplier consented
        List<Double> inno = new ArrayList<>();
        List<String> innoText = new ArrayList<>();
        if (c.revenue() != null && c.rndSpending() != null && c.revenue().signum() > 0) {
            double intensity = c.rndSpending().doubleValue() / c.revenue().doubleValue();
            inno.add(Math.min(1, intensity / 0.05));
            innoText.add(c.privateVisible() ? MatchReasons.text("match.rnd", pct1(intensity)) : MatchReasons.text("match.rnd.hidden"));
        } else {
            innoText.add(MatchReasons.text("match.rnd.none"));
        }
        if (c.patents() != null) {
            inno.add(Math.min(1, c.patents() / 10.0));
            innoText.add(MatchReasons.text("match.patents", c.patents()));
        } else {
            innoText.add(MatchReasons.text("match.patents.none"));
        }
        double innoValue = inno.isEmpty() ? 0 : inno.stream().mapToDouble(Double::doubleValue).sum() / 2;
        put(parts, "innovation", w.getInnovation(), innoValue, String.join("；", innoText), profile);

        // an existing supplying relation (matchmaking records)
        put(parts, "relation", w.getRelation(), mm.existingRelation() ? 1 : 0, mm.existingRelation()
                ? MatchReasons.text("match.relation.yes") : MatchReasons.text("match.relation.none"),
                mm.existingRelation() ? Source.MATCHMAKING : Source.NONE);

        double score = round1(parts.values().stream().mapToDouble(Component::points).sum());
        List<String> out = new ArrayList<>();
        if (band == Band.NOT_RECOMMENDED) {
            out.add(MatchReasons.text("match.band.shortfall"));
        } else if (score < w.getWeakScore()) {
            band = Band.NOT_RECOMMENDED;
            out.add(MatchReasons.text("match.band.weak", num(score), num(w.getWeakScore())));
        } else if (!verify.isEmpty()) {
            band = Band.VERIFY;
            out.add(MatchReasons.text("match.band.verify", String.join("；", verify)));
        } else {
            out.add(MatchReasons.text(judgements.isEmpty() && d.quantity() == null && d.requiredCertifications().isEmpty()
                    ? "match.band.recommended.nothingStated" : "match.band.recommended"));
        }
        out.addAll(notes);
        Map<String, Source> sources = new LinkedHashMap<>();
        parts.forEach((k, p) -> sources.put(k, p.source()));
        return new Evaluation(new Match(c, band, score, parts, out, sources), null);
    }

    private static void put(Map<String, Component> parts, String key, double weight, double value, String detail, Source source) {
        double v = Math.max(0, Math.min(1, value));
        parts.put(key, new Component(key, MatchReasons.text("match.component." + key), weight, round3(v),
                round1(weight * v), detail, source));
    }

    /** A required certification is held when one of the supplier's contains it, spaces and case aside (ISO9001 = ISO 9001:2015). */
    static boolean holds(List<String> held, String required) {
        String r = Text.key(required);
        return held.stream().anyMatch(h -> Text.key(h).contains(r));
    }

    private static String placeName(CandidateFacts c) {
        return c.cityCode() != null ? nz(c.cityName()) : "省外" + (c.outsideProvince() == null ? "" : "-" + c.outsideProvince());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }

    static String pct1(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    static String dec2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String num(double v) {
        return BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
