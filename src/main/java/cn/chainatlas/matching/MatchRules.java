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
     * @param privateVisible the viewer may see revenue, R&amp;D spending and contacts (EnterpriseService#seesPrivate: the registry's rule)
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
    public record Matchmaking(boolean existingRelation, boolean confirmedCapability, double capacityTaken, boolean declined,
                              List<String> history) {
        public static final Matchmaking NONE = new Matchmaking(false, false, 0, false, List.of());

        public Matchmaking(boolean existingRelation, boolean confirmedCapability, double capacityTaken, boolean declined) {
            this(existingRelation, confirmedCapability, capacityTaken, declined, List.of());
        }
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

    /**
     * A candidate reduced once per request to what the rules compare (certification and unit keys, capacity in its
     * base unit, tier and R&amp;D values), so that ranking thousands of candidates for many demands does not fold the
     * same text again and again.
     *
     * <p>Pooled candidates ({@link Preparer#pooled}) are this one object and its code and name: what they share with
     * others (place, node, certifications, unit) is one shared object per distinct value, and their
     * {@link CandidateFacts} are rebuilt when asked ({@link #candidate()}), equal to the facts they were prepared from.
     * 需求覆盖 keeps ~125,000 of them per data version and builds them while the previous version's are still held:
     * one record of facts, a Double and a Prepared per candidate were most of what each young collection copied during
     * a cold coverage (docs/benchmarks.md, cov3). A candidate prepared from its facts ({@link #prepare}) keeps them.
     */
    public static final class Prepared {
        /** The facts as given (a candidate explained with its details, tests); null for a pooled candidate. */
        private final CandidateFacts full;
        private final String creditCode;
        private final String name;
        private final Place where;
        private final Kind kind;
        private final Certs certs;
        private final Unit unit;
        private final String tier;
        private final Integer patents;
        /** revenue and R&amp;D spending (万元) as {@link Decimals#pack} packs them: no BigDecimal kept per candidate */
        private final long revenue;
        private final long rndSpending;
        /** {revenue, R&amp;D spending} where either does not pack ({@link Decimals#UNPACKED}), else null */
        private final BigDecimal[] unpacked;
        private final boolean unwilling;
        private final boolean hasRnd;
        // copies of the facts the bands compare, kept here so that banding a candidate reads this object and a few
        // shared ones (需求覆盖 bands ~1.2 million pairs: following each pair's references to per-candidate objects cost
        // more than the comparisons)
        private final int codeHash;
        private final double confidence;
        /** NaN where no capacity is declared */
        private final double capacity;
        private final double capacityBase;
        private final double tierValue;
        private final double innovation;

        Prepared(CandidateFacts c) {
            this(c, c.creditCode(), c.name(), Place.of(c.cityCode(), c.cityName(), c.regionCode(), c.regionName(), c.outsideProvince()),
                    Kind.of(c.node(), c.nodeName(), c.substitute(), c.fit()), Certs.of(c.certifications()), Unit.of(c.capacityUnit()),
                    c.confidence(), c.tier(), c.patents(), Decimals.NULL, Decimals.NULL, null, c.revenue(), c.rndSpending(),
                    c.capacity() == null ? Double.NaN : c.capacity(), c.unwilling());
        }

        /**
         * @param packedRevenue    for a pooled candidate ({@code full} null): revenue packed ({@link Decimals})
         * @param packedRnd        likewise R&amp;D spending
         * @param unpacked         {revenue, R&amp;D spending} where either does not pack, else null
         * @param revenue          for a candidate with its facts: revenue (ignored for a pooled one)
         * @param rndSpending      likewise R&amp;D spending
         */
        private Prepared(CandidateFacts full, String creditCode, String name, Place where, Kind kind, Certs certs, Unit unit,
                         double confidence, String tier, Integer patents, long packedRevenue, long packedRnd,
                         BigDecimal[] unpacked, BigDecimal revenue, BigDecimal rndSpending, double capacity, boolean unwilling) {
            this.full = full;
            this.creditCode = creditCode;
            this.name = name;
            this.where = where;
            this.kind = kind;
            this.certs = certs;
            this.unit = unit;
            this.tier = tier;
            this.patents = patents;
            this.revenue = full != null ? Decimals.NULL : packedRevenue;
            this.rndSpending = full != null ? Decimals.NULL : packedRnd;
            this.unpacked = full != null ? null : unpacked;
            this.unwilling = unwilling;
            this.codeHash = creditCode.hashCode();
            this.confidence = confidence;
            this.capacity = capacity;
            this.capacityBase = capacity * unit.factor();
            Double t = tier == null ? null : TIER_VALUE.get(tier);
            this.tierValue = t == null ? 0 : t;
            // a pooled candidate's figures are read from the packed values, without a BigDecimal each (需求覆盖 prepares
            // ~125,000: 204 → 198 MB allocated per cold run, CoverageBenchmark 2026-12-02); the same doubles as the facts give
            this.hasRnd = full != null ? revenue != null && rndSpending != null && revenue.signum() > 0
                    : packedRevenue != Decimals.NULL && packedRnd != Decimals.NULL && Decimals.signum(packedRevenue, unpacked, 0) > 0;
            double intensity = !hasRnd ? 0 : full != null ? intensity(revenue, rndSpending)
                    : Decimals.doubleValue(packedRnd, unpacked, 1) / Decimals.doubleValue(packedRevenue, unpacked, 0);
            this.innovation = (hasRnd ? Math.min(1, intensity / 0.05) / 2 : 0)
                    + (patents != null ? Math.min(1, patents / 10.0) / 2 : 0);
        }

        /**
         * The candidate's facts: those it was prepared from, or for a pooled candidate the same facts rebuilt (a new,
         * equal object on each call: ask once per use).
         */
        public CandidateFacts candidate() {
            if (full != null) {
                return full;
            }
            return new CandidateFacts(creditCode, name, where.cityCode, where.cityName, where.regionCode, where.regionName,
                    where.outsideProvince, kind.node, kind.nodeName, kind.substitute, kind.fit, confidence, null, certs.list,
                    tier, patents, Decimals.unpack(revenue, unpacked, 0), Decimals.unpack(rndSpending, unpacked, 1), false,
                    Double.isNaN(capacity) ? null : capacity, unit.text(), null, "",
                    unwilling, null, null, null);
        }

        /** The candidate's 6-digit city code (null: outside Guangdong), as {@code candidate().cityCode()}. */
        public String cityCode() {
            return where.cityCode;
        }

        /** As {@code candidate().creditCode()}. */
        public String creditCode() {
            return creditCode;
        }

        /** As {@code candidate().name()}. */
        public String name() {
            return name;
        }

        /** As {@code candidate().cityName()}. */
        public String cityName() {
            return where.cityName;
        }

        /** As {@code candidate().regionCode()}. */
        public String regionCode() {
            return where.regionCode;
        }

        /** As {@code candidate().outsideProvince()}. */
        public String outsideProvince() {
            return where.outsideProvince;
        }

        /** As {@code candidate().node()}. */
        public String node() {
            return kind.node;
        }

        /** As {@code candidate().substitute()}. */
        public boolean substitute() {
            return kind.substitute;
        }

        /** As {@code candidate().capacity()}. */
        public Double capacity() {
            return Double.isNaN(capacity) ? null : capacity;
        }

        /** As {@code candidate().capacityUnit()}. */
        public String capacityUnit() {
            return unit.text();
        }

    }

    /** R&amp;D intensity: R&amp;D spending over revenue (both 万元), for a candidate with both and revenue above 0. */
    private static double intensity(BigDecimal revenue, BigDecimal rndSpending) {
        return rndSpending.doubleValue() / revenue.doubleValue();
    }

    /**
     * A DECIMAL value packed into a long: its unscaled value (up to 17 digits) shifted left by 5 bits, its scale (0–31)
     * in those bits; {@link #unpack} gives {@code BigDecimal.valueOf(unscaled, scale)}, equal to it (value and scale, so
     * it prints the same). A registry's revenue and R&amp;D spending (DECIMAL(18,4)) pack; anything else is kept as it is.
     */
    static final class Decimals {
        /** no value (SQL NULL) */
        static final long NULL = Long.MIN_VALUE;
        /** a value that does not pack (more than 17 digits, a scale outside 0–31): kept as a BigDecimal beside it */
        static final long UNPACKED = Long.MIN_VALUE + 1;

        private Decimals() {
        }

        static long pack(BigDecimal v) {
            if (v == null) {
                return NULL;
            }
            int scale = v.scale();
            if (scale < 0 || scale > 31 || v.precision() > 17) {
                return UNPACKED;
            }
            return pack(v.unscaledValue().longValueExact(), scale);
        }

        /** An unscaled value of up to 17 digits and a scale of 0–31, packed. */
        static long pack(long unscaled, int scale) {
            return unscaled << 5 | scale;
        }

        /** The value {@link #pack} packed, or {@code unpacked[i]} where it did not pack. */
        static BigDecimal unpack(long packed, BigDecimal[] unpacked, int i) {
            if (packed == NULL) {
                return null;
            }
            if (packed == UNPACKED) {
                return unpacked[i];
            }
            return BigDecimal.valueOf(packed >> 5, (int) (packed & 31));
        }

        /** The sign of the value {@link #pack} packed (not {@link #NULL}). */
        static int signum(long packed, BigDecimal[] unpacked, int i) {
            return packed == UNPACKED ? unpacked[i].signum() : Long.signum(packed >> 5);
        }

        /**
         * {@code unpack(packed, unpacked, i).doubleValue()} without the BigDecimal: the same double, by the same exact
         * path BigDecimal#doubleValue takes for an unscaled value under 2^52 and a scale of 0–22 (one division by an
         * exactly represented power of ten, correctly rounded); any other value goes through the BigDecimal.
         */
        static double doubleValue(long packed, BigDecimal[] unpacked, int i) {
            if (packed != UNPACKED) {
                long unscaled = packed >> 5;
                int scale = (int) (packed & 31);
                if (scale == 0) {
                    return unscaled;
                }
                if (Math.abs(unscaled) < 1L << 52 && scale < POW10.length) {
                    return unscaled / POW10[scale];
                }
            }
            return unpack(packed, unpacked, i).doubleValue();
        }

        /** 10^0 … 10^22, every one exact in a double */
        private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
                1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    }

    /**
     * Where a candidate is, shared by the candidates of one pool in the same place (a province has a few dozen places):
     * its texts, and its city and region as {@link Places} numbers.
     */
    private static final class Place {
        final String cityCode;
        final String cityName;
        final String regionCode;
        final String regionName;
        final String outsideProvince;
        final int cityId;
        final int regionId;
        /** the city code, or OUTSIDE: what preferred and excluded regions name */
        final String place;

        private Place(String cityCode, String cityName, String regionCode, String regionName, String outsideProvince) {
            this.cityCode = cityCode;
            this.cityName = cityName;
            this.regionCode = regionCode;
            this.regionName = regionName;
            this.outsideProvince = outsideProvince;
            this.cityId = Places.id(cityCode);
            this.regionId = Places.id(regionCode);
            this.place = cityCode != null ? cityCode : "OUTSIDE";
        }

        static Place of(String cityCode, String cityName, String regionCode, String regionName, String outsideProvince) {
            return new Place(cityCode, cityName, regionCode, regionName, outsideProvince);
        }

        boolean same(String cityCode, String cityName, String regionCode, String regionName, String outsideProvince) {
            return java.util.Objects.equals(this.cityCode, cityCode) && java.util.Objects.equals(this.cityName, cityName)
                    && java.util.Objects.equals(this.regionCode, regionCode) && java.util.Objects.equals(this.regionName, regionName)
                    && java.util.Objects.equals(this.outsideProvince, outsideProvince);
        }
    }

    /** The node a candidate is classified to and how (fit), shared by a pool's candidates of the same node and fit. */
    private record Kind(String node, String nodeName, boolean substitute, String fit, boolean named) {
        static Kind of(String node, String nodeName, boolean substitute, String fit) {
            return new Kind(node, nodeName, substitute, fit, "MANUAL".equals(fit) || "EXPLICIT".equals(fit));
        }
    }

    /** A certification list with its keys folded once (shared by the candidates holding the same list object). */
    private static final class Certs {
        final List<String> list;
        final String[] keys;
        final boolean qualitySystem;

        private Certs(List<String> list) {
            this.list = list;
            this.keys = certKeys(list);
            this.qualitySystem = qualitySystem(keys);
        }

        static Certs of(List<String> list) {
            return new Certs(list);
        }
    }

    /**
     * Small numbers for city and region codes, and one String per unit key, so that banding compares numbers and
     * references instead of texts. Bounded: past {@link #MAX} distinct texts (never reached by a province's cities,
     * regions and capacity units) texts get no number ({@code -3}, compared by text as before).
     */
    static final class Places {
        private static final int MAX = 10_000;
        private static final Map<String, Integer> IDS = new java.util.concurrent.ConcurrentHashMap<>();
        private static final Map<String, String> CANONICAL = new java.util.concurrent.ConcurrentHashMap<>();

        private Places() {
        }

        /** -1 for null, -3 when the table is full, else the text's number. */
        static int id(String code) {
            if (code == null) {
                return -1;
            }
            Integer id = IDS.get(code);
            if (id == null) {
                if (IDS.size() >= MAX) {
                    return -3;
                }
                synchronized (IDS) {
                    id = IDS.computeIfAbsent(code, k -> IDS.size());
                }
            }
            return id;
        }

        static String canonical(String key) {
            if (key == null) {
                return null;
            }
            String have = CANONICAL.get(key);
            if (have == null) {
                if (CANONICAL.size() >= MAX) {
                    return key;
                }
                have = CANONICAL.computeIfAbsent(key, k -> k);
            }
            return have;
        }
    }

    /** Prepares a candidate for {@link #rank}. */
    public static Prepared prepare(CandidateFacts c) {
        return new Prepared(c);
    }

    private static String[] certKeys(List<String> certifications) {
        return certifications.stream().map(Text::key).toArray(String[]::new);
    }

    private static boolean qualitySystem(String[] certKeys) {
        boolean qs = false;
        for (String k : certKeys) {
            for (String q : QUALITY_SYSTEMS) {
                qs |= k.contains(q);
            }
        }
        return qs;
    }

    /**
     * Prepares many candidates as {@link #prepare} does, folding each certification list (the same list object, as a
     * pool shares one per distinct text), each capacity unit, place and kind of classification once: a registry has a
     * few dozen distinct ones for 100,000 enterprises. One per batch, not shared between threads.
     */
    public static final class Preparer {
        private final Map<List<String>, Certs> certs = new java.util.IdentityHashMap<>();
        private final Map<String, Unit> units = new java.util.HashMap<>();
        private final Map<List<Object>, Place> places = new java.util.HashMap<>();
        private final Map<Kind, Kind> kinds = new java.util.HashMap<>();
        private final Map<String, Place> lastPlace = new java.util.HashMap<>();
        private final Map<String, Kind> lastKind = new java.util.HashMap<>();
        private final Unit none = Unit.of(null);

        public Prepared prepare(CandidateFacts c) {
            return new Prepared(c, c.creditCode(), c.name(), place(c.cityCode(), c.cityName(), c.regionCode(), c.regionName(),
                    c.outsideProvince()), kind(c.node(), c.nodeName(), c.substitute(), c.fit()), certs(c.certifications()),
                    unit(c.capacityUnit()), c.confidence(), c.tier(), c.patents(), Decimals.NULL, Decimals.NULL, null,
                    c.revenue(), c.rndSpending(), c.capacity() == null ? Double.NaN : c.capacity(), c.unwilling());
        }

        /**
         * A pooled candidate (no details: no 匹配词, 技术参数, products, contacts or profile source; private fields not
         * visible), without building its {@link CandidateFacts}: {@link Prepared#candidate()} gives the facts
         * {@code new CandidateFacts(creditCode, name, cityCode, cityName, regionCode, regionName, outsideProvince, node,
         * nodeName, substitute, fit, confidence, null, certifications, tier, patents, revenue, rndSpending, false,
         * capacity, capacityUnit, null, "", unwilling, null, null, null)} would, and it ranks as those facts do.
         *
         * @param revenue     万元, packed ({@link Decimals#pack}; {@link Decimals#NULL} for none)
         * @param rndSpending 万元, packed likewise
         * @param unpacked    {revenue, R&amp;D spending} where either is {@link Decimals#UNPACKED}, else null
         * @param capacity    in {@code capacityUnit}; NaN where none is declared
         * @param previous    the same enterprise's candidate in the previous pool of this node, or null: returned itself
         *                    when it was pooled from equal facts (every argument above compared), so that a cold read
         *                    after a write that left this enterprise alone keeps the object already held
         */
        public Prepared pooled(String creditCode, String name, String cityCode, String cityName, String regionCode,
                               String regionName, String outsideProvince, String node, String nodeName, boolean substitute,
                               String fit, double confidence, List<String> certifications, String tier, Integer patents,
                               long revenue, long rndSpending, BigDecimal[] unpacked, double capacity, String capacityUnit,
                               boolean unwilling, Prepared previous) {
            if (previous != null && previous.full == null && previous.creditCode.equals(creditCode)
                    && previous.name.equals(name) && previous.where.same(cityCode, cityName, regionCode, regionName, outsideProvince)
                    && previous.kind.node.equals(node) && java.util.Objects.equals(previous.kind.nodeName, nodeName)
                    && previous.kind.substitute == substitute && java.util.Objects.equals(previous.kind.fit, fit)
                    && Double.compare(previous.confidence, confidence) == 0 && previous.certs.list.equals(certifications)
                    && java.util.Objects.equals(previous.tier, tier) && java.util.Objects.equals(previous.patents, patents)
                    && previous.revenue == revenue && previous.rndSpending == rndSpending
                    && java.util.Arrays.equals(previous.unpacked, unpacked) && Double.compare(previous.capacity, capacity) == 0
                    && java.util.Objects.equals(previous.unit.text(), capacityUnit) && previous.unwilling == unwilling) {
                return previous;
            }
            return new Prepared(null, creditCode, name, place(cityCode, cityName, regionCode, regionName, outsideProvince),
                    kind(node, nodeName, substitute, fit), certs(certifications), unit(capacityUnit), confidence, tier,
                    patents, revenue, rndSpending, unpacked, null, null, capacity, unwilling);
        }

        private Certs certs(List<String> list) {
            return certs.computeIfAbsent(list, Certs::of);
        }

        private Unit unit(String text) {
            return text == null ? none : units.computeIfAbsent(text, Unit::of);
        }

        private Place place(String cityCode, String cityName, String regionCode, String regionName, String outsideProvince) {
            // the place last met in this city, when it is the same (a pool's rows of one city carry the same texts):
            // no key built per candidate
            Place last = lastPlace.get(cityCode);
            if (last != null && java.util.Objects.equals(last.cityName, cityName) && java.util.Objects.equals(last.regionCode, regionCode)
                    && java.util.Objects.equals(last.regionName, regionName)
                    && java.util.Objects.equals(last.outsideProvince, outsideProvince)) {
                return last;
            }
            Place p = places.computeIfAbsent(java.util.Arrays.asList(cityCode, cityName, regionCode, regionName, outsideProvince),
                    k -> Place.of(cityCode, cityName, regionCode, regionName, outsideProvince));
            lastPlace.put(cityCode, p);
            return p;
        }

        private Kind kind(String node, String nodeName, boolean substitute, String fit) {
            Kind last = lastKind.get(node);
            if (last != null && last.substitute() == substitute && java.util.Objects.equals(last.nodeName(), nodeName)
                    && java.util.Objects.equals(last.fit(), fit)) {
                return last;
            }
            Kind k = Kind.of(node, nodeName, substitute, fit);
            Kind have = kinds.putIfAbsent(k, k);
            Kind out = have == null ? k : have;
            lastKind.put(node, out);
            return out;
        }
    }

    /**
     * A capacity unit folded once: the unit as stated, its canonical key ({@link Places#canonical}) and the factor to
     * its base unit.
     */
    private record Unit(String text, String key, double factor) {
        static Unit of(String unit) {
            String[] u = SpecParser.unitAndFactor(unit);
            return new Unit(unit, Places.canonical(u[0]), Double.parseDouble(u[1]));
        }
    }

    /** A demand reduced once to what the rules compare. */
    private static final class DemandKeys {
        final String[] required;
        final String unitKey;
        final double unitFactor;
        final int leaderHash;
        /** The leader's city and region as {@link Places} numbers; -2 where unknown (never equal to a candidate's). */
        final int leaderCityId;
        final int leaderRegionId;
        final boolean preferredNone;

        /**
         * Whether each certification list (by identity: a pool shares one array per distinct text, a few dozen for
         * 100,000 enterprises) holds every required one: 需求覆盖 asks it for ~1.2 million pairs, and comparing the texts
         * each time took most of the banding's time.
         */
        private final Map<String[], Boolean> holdsAll = new java.util.IdentityHashMap<>();

        DemandKeys(DemandFacts d) {
            this.required = d.requiredCertifications().stream().map(Text::key).toArray(String[]::new);
            String[] unit = SpecParser.unitAndFactor(d.unit());
            this.unitKey = Places.canonical(unit[0]);
            this.unitFactor = Double.parseDouble(unit[1]);
            this.leaderHash = d.leader() == null ? 0 : d.leader().hashCode();
            int city = Places.id(d.leaderCity());
            int region = Places.id(d.leaderRegion());
            this.leaderCityId = city < 0 ? -2 : city;
            this.leaderRegionId = region < 0 ? -2 : region;
            this.preferredNone = d.preferredRegions().isEmpty();
        }

        /** Whether the candidate's capacity unit is the demand's (the same key, by reference where both are canonical). */
        boolean sameUnit(Prepared p) {
            return p.unit.key() == unitKey || p.unit.key().equals(unitKey);
        }

        /** Whether the candidate is in the leader's city (by number; by text where either has none). */
        boolean sameCity(DemandFacts d, Prepared p) {
            if (p.where.cityId >= 0 && leaderCityId >= 0) {
                return p.where.cityId == leaderCityId;
            }
            return p.where.cityCode != null && p.where.cityCode.equals(d.leaderCity());
        }

        /** Whether the candidate is in the leader's region (by number; by text where either has none). */
        boolean sameRegion(DemandFacts d, Prepared p) {
            if (p.where.regionId >= 0 && leaderRegionId >= 0) {
                return p.where.regionId == leaderRegionId;
            }
            return p.where.regionCode != null && p.where.regionCode.equals(d.leaderRegion());
        }

        /** Every required certification is held by one of {@code heldKeys} (see {@link MatchRules#holds(List, String)}). */
        boolean holdsAll(String[] heldKeys) {
            if (required.length == 0) {
                return true;
            }
            Boolean known = holdsAll.get(heldKeys);
            if (known == null) {
                boolean all = true;
                for (String r : required) {
                    if (!holds(heldKeys, r)) {
                        all = false;
                        break;
                    }
                }
                known = all;
                holdsAll.put(heldKeys, known);
            }
            return known;
        }
    }

    /**
     * The figures of one candidate for one demand, no words: which hard filters it fails (empty: a match), the value
     * of each component, the band and the score. One source of truth for ranking, counting and explaining.
     */
    private record Assessment(List<String> codes, double[] values, Band band, double score, List<SpecParser.Judgement> judgements,
                              boolean lowConfidence, boolean substitute, List<String> unstated, boolean capacityUnknown,
                              double capacity, double capacityShare) {
    }

    /** Every candidate evaluated, ranked and explained (reasons and every component's fact). */
    public Ranking rank(DemandFacts d, List<CandidateFacts> candidates, Function<String, Matchmaking> matchmaking) {
        return rank(d, candidates.stream().map(Prepared::new).toList(), matchmaking, Integer.MAX_VALUE, true, Set.of(), null);
    }

    /**
     * Every candidate evaluated and ranked; only the first {@code explainTop} matches, those in {@code alsoExplain}
     * and (when {@code explainExcluded}) the excluded carry their reasons and facts in words. The others carry band,
     * score and points only: bands and order do not depend on the words. The excluded come by name when
     * {@code explainExcluded}, else in the order of {@code candidates}.
     *
     * @param stated the supplier's stated specs for the demand's node kind by credit code (a cache shared by several
     *               demands may be passed in); null parses afresh from the candidate's texts
     */
    public Ranking rank(DemandFacts d, List<Prepared> candidates, Function<String, Matchmaking> matchmaking,
                        int explainTop, boolean explainExcluded, Set<String> alsoExplain,
                        Function<String, Map<SpecParser.Field, List<SpecParser.Value>>> stated) {
        Function<Prepared, Map<SpecParser.Field, List<SpecParser.Value>>> spec = spec(d, stated);
        DemandKeys keys = new DemandKeys(d);
        List<Match> matches = new ArrayList<>();
        List<Excluded> excluded = new ArrayList<>();
        for (Prepared p : candidates) {
            Matchmaking mm = orNone(matchmaking.apply(p.creditCode));
            Map<SpecParser.Field, List<SpecParser.Value>> s = spec.apply(p);
            Assessment a = assess(d, keys, p, mm, s);
            if (a.codes().isEmpty()) {
                matches.add(match(d, keys, p, mm, a, false));
            } else {
                excluded.add(new Excluded(p.candidate(), a.codes(), explainExcluded ? exclusionReasons(d, keys, p, a) : List.of()));
            }
        }
        matches.sort(ORDER);
        Map<String, Prepared> byCode = null;
        for (int i = 0; i < matches.size(); i++) {
            CandidateFacts c = matches.get(i).candidate();
            if (i < explainTop || alsoExplain.contains(c.creditCode())) {
                if (byCode == null) {
                    byCode = new java.util.HashMap<>();
                    for (Prepared p : candidates) {
                        byCode.put(p.creditCode, p);
                    }
                }
                Prepared p = byCode.get(c.creditCode());
                Matchmaking mm = orNone(matchmaking.apply(c.creditCode()));
                matches.set(i, match(d, keys, p, mm, assess(d, keys, p, mm, spec.apply(p)), true));
            }
        }
        if (explainExcluded) {
            // by name where they are shown; otherwise only their number is used, and sorting ~2,400 of them was ~7 % of
            // a cold ranking's CPU (docs/benchmarks.md, issue 10)
            // by name, then code: the same order whatever order the pool holds its candidates in (MatchingService#pools)
            excluded.sort(Comparator.comparing((Excluded x) -> x.candidate().name())
                    .thenComparing(x -> x.candidate().creditCode()));
        }
        return new Ranking(matches, excluded);
    }

    /**
     * The band of each candidate only (no components, no words): what counting 推荐 candidates needs, e.g. for the
     * coverage of every open demand. The same assessment as {@link #rank}.
     */
    public List<Band> bands(DemandFacts d, List<Prepared> candidates, Function<String, Matchmaking> matchmaking,
                            Function<String, Map<SpecParser.Field, List<SpecParser.Value>>> stated) {
        Function<Prepared, Map<SpecParser.Field, List<SpecParser.Value>>> spec = spec(d, stated);
        DemandKeys keys = new DemandKeys(d);
        List<Band> out = new ArrayList<>(candidates.size());
        boolean none = matchmaking == NO_MATCHMAKING;
        for (Prepared p : candidates) {
            out.add(bandOf(d, keys, p, none ? Matchmaking.NONE : orNone(matchmaking.apply(p.creditCode)), spec.apply(p)));
        }
        return out;
    }

    /**
     * Whether any candidate that {@code counts} (e.g. one in Guangdong) is 推荐 — the same assessment as {@link #bands},
     * stopping at the first one: what a count of demands with a 推荐 candidate needs (the matchmaking figures).
     */
    public boolean anyRecommended(DemandFacts d, List<Prepared> candidates, java.util.function.Predicate<Prepared> counts,
                                  Function<String, Matchmaking> matchmaking,
                                  Function<String, Map<SpecParser.Field, List<SpecParser.Value>>> stated) {
        Function<Prepared, Map<SpecParser.Field, List<SpecParser.Value>>> spec = spec(d, stated);
        DemandKeys keys = new DemandKeys(d);
        for (Prepared p : candidates) {
            if (!counts.test(p)) {
                continue;
            }
            if (bandOf(d, keys, p, orNone(matchmaking.apply(p.creditCode)), spec.apply(p)) == Band.RECOMMENDED) {
                return true;
            }
        }
        return false;
    }

    /**
     * A candidate that passes every hard filter, with its band and score only (no components, no words). Holds the
     * prepared candidate (its facts are rebuilt by {@link #candidate()}): lists across many demands hold ~900,000.
     */
    public record Scored(Prepared prepared, Band band, double score) {
        /** The candidate's facts (a new, equal object on each call for a pooled candidate). */
        public CandidateFacts candidate() {
            return prepared.candidate();
        }
    }

    /** {@link #ORDER} for {@link Scored}: best band first, then the higher score, then by name and credit code. */
    public static final Comparator<Scored> SCORED_ORDER = (a, b) -> order(a.band(), a.score(), a.prepared().name(),
            a.prepared().creditCode(), b.band(), b.score(), b.prepared().name(), b.prepared().creditCode());

    /**
     * The candidates that pass the hard filters, with band and score, best first in the order of {@link #rank}: what
     * lists of candidates across many demands need (a gap report's candidates, the allocation of capacity). The same
     * assessment as {@link #rank}, without building components or words.
     */
    public List<Scored> scores(DemandFacts d, List<Prepared> candidates, Function<String, Matchmaking> matchmaking,
                               Function<String, Map<SpecParser.Field, List<SpecParser.Value>>> stated) {
        Function<Prepared, Map<SpecParser.Field, List<SpecParser.Value>>> spec = spec(d, stated);
        DemandKeys keys = new DemandKeys(d);
        List<Scored> out = new ArrayList<>();
        for (Prepared p : candidates) {
            Assessment a = assess(d, keys, p, orNone(matchmaking.apply(p.creditCode)), spec.apply(p));
            if (a.codes().isEmpty()) {
                out.add(new Scored(p, a.band(), a.score()));
            }
        }
        out.sort(SCORED_ORDER);
        return out;
    }

    private static Function<Prepared, Map<SpecParser.Field, List<SpecParser.Value>>> spec(DemandFacts d,
            Function<String, Map<SpecParser.Field, List<SpecParser.Value>>> stated) {
        if (d.requirements().isEmpty()) {
            return p -> Map.of();
        }
        if (stated != null) {
            return p -> stated.apply(p.creditCode);
        }
        return p -> {
            CandidateFacts c = p.candidate();
            return SpecParser.stated(d.node(), c.techParams(), c.products());
        };
    }

    /** What matchmaking says when it knows nothing of any candidate of a demand (spares looking each one up). */
    public static final Function<String, Matchmaking> NO_MATCHMAKING = code -> Matchmaking.NONE;

    private static Matchmaking orNone(Matchmaking m) {
        return m == null ? Matchmaking.NONE : m;
    }

    /** Best band first, then the higher score, then by name (a stable order for equal scores). */
    public static final Comparator<Match> ORDER = (a, b) -> order(a.band(), a.score(), a.candidate().name(),
            a.candidate().creditCode(), b.band(), b.score(), b.candidate().name(), b.candidate().creditCode());

    /**
     * {@link #ORDER} and {@link #SCORED_ORDER} written out (a name missing sorts last): a cold ranking of one demand
     * sorts ~1,100 matches, where the composed comparators' calls were ~5 % of its CPU (docs/benchmarks.md, issue 10).
     */
    private static int order(Band bandA, double scoreA, String nameA, String codeA,
                             Band bandB, double scoreB, String nameB, String codeB) {
        int c = bandA.compareTo(bandB);
        if (c != 0) {
            return c;
        }
        c = Double.compare(scoreB, scoreA);
        if (c != 0) {
            return c;
        }
        c = nameA == null ? (nameB == null ? 0 : 1) : nameB == null ? -1 : nameA.compareTo(nameB);
        return c != 0 ? c : codeA.compareTo(codeB);
    }

    /**
     * One candidate that passes the hard filters, explained as {@link #rank} explains its shown matches (every
     * component's fact and the reasons in words): for a candidate ranked without its details and explained with them.
     *
     * @throws IllegalArgumentException when the candidate fails a hard filter
     */
    public Match explain(DemandFacts d, Prepared p, Matchmaking m,
                         Function<String, Map<SpecParser.Field, List<SpecParser.Value>>> stated) {
        Matchmaking mm = orNone(m);
        DemandKeys keys = new DemandKeys(d);
        Assessment a = assess(d, keys, p, mm, spec(d, stated).apply(p));
        if (!a.codes().isEmpty()) {
            throw new IllegalArgumentException("excluded: " + a.codes());
        }
        return match(d, keys, p, mm, a, true);
    }

    /** One candidate against one demand, with every reason in words. */
    public Evaluation evaluate(DemandFacts d, CandidateFacts c, Matchmaking m) {
        Matchmaking mm = orNone(m);
        Prepared p = new Prepared(c);
        DemandKeys keys = new DemandKeys(d);
        Assessment a = assess(d, keys, p, mm, spec(d, null).apply(p));
        return a.codes().isEmpty() ? new Evaluation(match(d, keys, p, mm, a, true), null)
                : new Evaluation(null, new Excluded(c, a.codes(), exclusionReasons(d, keys, p, a)));
    }

    private static final String[] KEYS = {"nodeFit", "spec", "certification", "capacity", "proximity", "tier", "innovation", "relation"};

    /**
     * The band of {@link #assess}, or null where a hard filter excludes the candidate — the same rules without
     * building reasons, judgements or the assessment (需求覆盖 bands ~1.2 million candidate × demand pairs). The score
     * is summed in the same order of the same points, so it is the same number. MatchRulesTest compares both.
     */
    private Band bandOf(DemandFacts d, DemandKeys keys, Prepared p, Matchmaking mm, Map<SpecParser.Field, List<SpecParser.Value>> stated) {
        if (p.codeHash == keys.leaderHash && p.creditCode.equals(d.leader()) || p.unwilling || mm.declined()
                || !d.excludedRegions().isEmpty() && d.excludedRegions().contains(p.where.place)) {
            return null;
        }
        if (!keys.holdsAll(p.certs.keys)) {
            return null;
        }
        double specValue = 1;
        boolean verify = false;
        if (!d.requirements().isEmpty()) {
            double sum = 0;
            int n = 0;
            for (SpecParser.Value required : d.requirements().values()) {
                SpecParser.Judgement j = SpecParser.judge(required, stated.getOrDefault(required.field(), List.of()));
                if (j.fails()) {
                    return null;
                }
                n++;
                if (j.meets() || mm.confirmedCapability()) {
                    sum += 1;
                } else {
                    verify = true;
                }
            }
            specValue = sum / n;
        }
        boolean substitute = p.kind.substitute() && !mm.confirmedCapability();
        boolean certain = mm.confirmedCapability() || p.kind.named();
        double fit = certain ? 1 : Math.max(0, Math.min(1, p.confidence));
        verify |= !certain && p.confidence < w.getLowConfidence();
        if (substitute) {
            fit *= w.getSubstituteFactor();
        }
        verify |= substitute;
        double capacityValue;
        if (d.quantity() == null || d.quantity() <= 0) {
            capacityValue = 1;
        } else if (Double.isNaN(p.capacityBase) || !keys.sameUnit(p)) {
            capacityValue = 0;
            verify = true;
        } else {
            double share = Math.max(0, p.capacityBase / keys.unitFactor - mm.capacityTaken()) / d.quantity();
            capacityValue = Math.min(1, share);
            if (share < 1) {
                if (share >= w.getShortfallVerify()) {
                    verify = true;
                } else {
                    return Band.NOT_RECOMMENDED;
                }
            }
        }
        double near;
        if (!keys.preferredNone && d.preferredRegions().contains(p.where.place) || keys.sameCity(d, p)) {
            near = 1;
        } else if (p.where.cityCode == null) {
            near = 0.2;
        } else if (keys.sameRegion(d, p)) {
            near = 0.7;
        } else {
            near = 0.5;
        }
        double[] weights = weights();
        double total = 0;
        total += points(weights[0], fit);
        total += points(weights[1], specValue);
        total += points(weights[2], keys.required.length > 0 || p.certs.qualitySystem ? 1 : 0);
        total += points(weights[3], capacityValue);
        total += points(weights[4], near);
        total += points(weights[5], p.tierValue);
        total += points(weights[6], p.innovation);
        total += points(weights[7], mm.existingRelation() ? 1 : 0);
        return round1(total) < w.getWeakScore() ? Band.NOT_RECOMMENDED : verify ? Band.VERIFY : Band.RECOMMENDED;
    }

    /** The band {@link #rank} gives the candidate (null: excluded), through the full assessment: for tests of {@link #bandOf}. */
    Band assessedBand(DemandFacts d, Prepared p, Matchmaking mm) {
        DemandKeys keys = new DemandKeys(d);
        Assessment a = assess(d, keys, p, orNone(mm), spec(d, null).apply(p));
        return a.codes().isEmpty() ? a.band() : null;
    }

    /** The band of {@link #bandOf} for one candidate: for tests. */
    Band fastBand(DemandFacts d, Prepared p, Matchmaking mm) {
        return bandOf(d, new DemandKeys(d), p, orNone(mm), spec(d, null).apply(p));
    }

    private Assessment assess(DemandFacts d, DemandKeys keys, Prepared p, Matchmaking mm,
                              Map<SpecParser.Field, List<SpecParser.Value>> stated) {
        List<String> codes = List.of();
        // ---- hard filters
        if (p.creditCode.equals(d.leader())) {
            codes = add(codes, "SELF");
        }
        if (p.unwilling || mm.declined()) {
            codes = add(codes, "UNWILLING");
        }
        if (!d.excludedRegions().isEmpty() && d.excludedRegions().contains(p.where.place)) {
            codes = add(codes, "EXCLUDED_REGION");
        }
        if (!keys.holdsAll(p.certs.keys)) {
            codes = add(codes, "MISSING_CERTIFICATION");
        }
        List<SpecParser.Judgement> judgements = List.of();
        if (!d.requirements().isEmpty()) {
            judgements = new ArrayList<>(d.requirements().size());
            for (SpecParser.Value required : d.requirements().values()) {
                SpecParser.Judgement j = SpecParser.judge(required, stated.getOrDefault(required.field(), List.of()));
                judgements.add(j);
                if (j.fails() && !codes.contains("SPEC_NOT_MET")) {
                    codes = add(codes, "SPEC_NOT_MET");
                }
            }
        }
        if (!codes.isEmpty()) {
            return new Assessment(codes, null, null, 0, judgements, false, false, List.of(), false, Double.NaN, Double.NaN);
        }
        // ---- the values, 0–1
        double[] v = new double[KEYS.length];
        boolean verify = false;
        boolean low = false;
        boolean substitute = p.kind.substitute() && !mm.confirmedCapability();
        boolean certain = mm.confirmedCapability() || p.kind.named();
        v[0] = certain ? 1 : Math.max(0, Math.min(1, p.confidence));
        if (!certain && p.confidence < w.getLowConfidence()) {
            low = true;
        }
        if (substitute) {
            v[0] *= w.getSubstituteFactor();
        }
        verify = low || substitute;
        List<String> unstated = List.of();
        if (judgements.isEmpty()) {
            v[1] = 1;
        } else {
            double sum = 0;
            for (SpecParser.Judgement j : judgements) {
                if (j.meets() || mm.confirmedCapability()) {
                    sum += 1;
                } else {
                    unstated = add(unstated, j.field().label());
                }
            }
            v[1] = sum / judgements.size();
            verify |= !unstated.isEmpty();
        }
        v[2] = keys.required.length > 0 || p.certs.qualitySystem ? 1 : 0;
        Band band = Band.RECOMMENDED;
        boolean capacityUnknown = false;
        double capacity = Double.NaN;
        double share = Double.NaN;
        if (d.quantity() == null || d.quantity() <= 0) {
            v[3] = 1;
        } else if (Double.isNaN(p.capacityBase) || !p.unit.key().equals(keys.unitKey)) {
            v[3] = 0;
            capacityUnknown = true;
            verify = true;
        } else {
            capacity = Math.max(0, p.capacityBase / keys.unitFactor - mm.capacityTaken());
            share = capacity / d.quantity();
            v[3] = Math.min(1, share);
            if (share < 1) {
                if (share >= w.getShortfallVerify()) {
                    verify = true;
                } else {
                    band = Band.NOT_RECOMMENDED;
                }
            }
        }
        String cityCode = p.where.cityCode;
        if (d.preferredRegions().contains(p.where.place) || cityCode != null && cityCode.equals(d.leaderCity())) {
            v[4] = 1;
        } else if (cityCode == null) {
            v[4] = 0.2;
        } else if (p.where.regionCode != null && p.where.regionCode.equals(d.leaderRegion())) {
            v[4] = 0.7;
        } else {
            v[4] = 0.5;
        }
        v[5] = p.tierValue;
        v[6] = p.innovation;
        v[7] = mm.existingRelation() ? 1 : 0;
        double[] weights = weights();
        double total = 0;
        for (int i = 0; i < v.length; i++) {
            total += points(weights[i], v[i]);
        }
        double score = round1(total);
        if (band != Band.NOT_RECOMMENDED) {
            band = score < w.getWeakScore() ? Band.NOT_RECOMMENDED : verify ? Band.VERIFY : Band.RECOMMENDED;
        }
        return new Assessment(List.of(), v, band, score, judgements, low, substitute, unstated, capacityUnknown, capacity, share);
    }

    /** The weights in the order of {@link #KEYS} (read once: the configuration does not change while running). */
    private double[] weights() {
        double[] ws = weightArray;
        if (ws == null) {
            ws = new double[]{w.getNodeFit(), w.getSpec(), w.getCertification(), w.getCapacity(), w.getProximity(), w.getTier(),
                    w.getInnovation(), w.getRelation()};
            weightArray = ws;
        }
        return ws;
    }

    private volatile double[] weightArray;

    private static List<String> add(List<String> list, String value) {
        List<String> out = list.isEmpty() ? new ArrayList<>(2) : list;
        out.add(value);
        return out;
    }

    private static double points(double weight, double value) {
        return round1(weight * Math.max(0, Math.min(1, value)));
    }

    /** The hard filters a candidate fails, in words. */
    private List<String> exclusionReasons(DemandFacts d, DemandKeys keys, Prepared p, Assessment a) {
        CandidateFacts c = p.candidate();
        List<String> out = new ArrayList<>();
        for (String code : a.codes()) {
            switch (code) {
                case "SELF" -> out.add(MatchReasons.text("match.excluded.SELF"));
                case "UNWILLING" -> out.add(MatchReasons.text("match.excluded.UNWILLING"));
                case "EXCLUDED_REGION" -> out.add(MatchReasons.text("match.excluded.EXCLUDED_REGION", placeName(c)));
                case "MISSING_CERTIFICATION" -> {
                    List<String> missing = new ArrayList<>();
                    for (int i = 0; i < keys.required.length; i++) {
                        if (!holds(p.certs.keys, keys.required[i])) {
                            missing.add(d.requiredCertifications().get(i));
                        }
                    }
                    out.add(MatchReasons.text("match.excluded.MISSING_CERTIFICATION", String.join("、", missing),
                            c.certifications().isEmpty() ? "无" : String.join("、", c.certifications())));
                }
                case "SPEC_NOT_MET" -> a.judgements().stream().filter(SpecParser.Judgement::fails)
                        .forEach(j -> out.add(MatchReasons.text("match.excluded.SPEC_NOT_MET", j.text())));
                default -> out.add(code);
            }
        }
        return out;
    }

    /** A match from its assessment: components with points (and, when {@code explain}, the facts in words), reasons. */
    private Match match(DemandFacts d, DemandKeys keys, Prepared p, Matchmaking mm, Assessment a, boolean explain) {
        if (!explain) {
            // most matches of a ranking are never shown: their components are built only if someone reads them
            // (a ranking of thousands of candidates otherwise spends most of its time filling these maps)
            return new Match(p.candidate(), a.band(), a.score(), new Deferred<>(() -> parts(d, p, mm, a, false)),
                    List.of(), new Deferred<>(() -> sources(d, p, mm, a)));
        }
        return new Match(p.candidate(), a.band(), a.score(), parts(d, p, mm, a, true), reasons(d, p, mm, a), sources(d, p, mm, a));
    }

    private Source[] sourceArray(DemandFacts d, Prepared p, Matchmaking mm, Assessment a) {
        CandidateFacts c = p.candidate();
        Source profile = Source.of(c.profileSource());
        return new Source[]{
                mm.confirmedCapability() ? Source.MATCHMAKING : "MANUAL".equals(c.fit()) ? Source.BUREAU : profile,
                a.judgements().isEmpty() ? Source.DEMAND : mm.confirmedCapability() ? Source.MATCHMAKING : profile,
                profile,
                d.quantity() == null || d.quantity() <= 0 ? Source.DEMAND : profile,
                profile, profile, profile,
                mm.existingRelation() ? Source.MATCHMAKING : Source.NONE};
    }

    private Map<String, Source> sources(DemandFacts d, Prepared p, Matchmaking mm, Assessment a) {
        Source[] sources = sourceArray(d, p, mm, a);
        Map<String, Source> src = new LinkedHashMap<>();
        for (int i = 0; i < KEYS.length; i++) {
            src.put(KEYS[i], sources[i]);
        }
        return src;
    }

    private Map<String, Component> parts(DemandFacts d, Prepared p, Matchmaking mm, Assessment a, boolean explain) {
        Source[] sources = sourceArray(d, p, mm, a);
        double[] v = a.values();
        double[] weights = weights();
        Map<String, Component> parts = new LinkedHashMap<>();
        for (int i = 0; i < KEYS.length; i++) {
            String key = KEYS[i];
            String label = LABELS.computeIfAbsent(key, k -> MatchReasons.text("match.component." + k));
            parts.put(key, new Component(key, label, weights[i], round3(Math.max(0, Math.min(1, v[i]))), points(weights[i], v[i]),
                    explain ? detail(i, d, p, mm, a) : null, sources[i]));
        }
        return parts;
    }

    /** A read-only map built on first use; equal to, and iterated like, the map it builds. */
    private static final class Deferred<K, V> extends java.util.AbstractMap<K, V> {
        private java.util.function.Supplier<Map<K, V>> make;
        private Map<K, V> map;

        Deferred(java.util.function.Supplier<Map<K, V>> make) {
            this.make = make;
        }

        private synchronized Map<K, V> map() {
            if (map == null) {
                map = java.util.Collections.unmodifiableMap(make.get());
                make = null;
            }
            return map;
        }

        @Override
        public Set<Entry<K, V>> entrySet() {
            return map().entrySet();
        }

        @Override
        public V get(Object key) {
            return map().get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map().containsKey(key);
        }

        @Override
        public int size() {
            return KEYS.length;
        }
    }

    private String detail(int i, DemandFacts d, Prepared p, Matchmaking mm, Assessment a) {
        CandidateFacts c = p.candidate();
        String unit = d.unit() == null ? "" : d.unit();
        return switch (KEYS[i]) {
            case "nodeFit" -> {
                String fit = mm.confirmedCapability() ? MatchReasons.text("match.node.confirmed", d.nodeName())
                        : "MANUAL".equals(c.fit()) ? MatchReasons.text("match.node.manual", c.nodeName())
                        : "EXPLICIT".equals(c.fit()) ? MatchReasons.text("match.node.explicit", c.nodeName())
                        : MatchReasons.text("match.node.classified", c.matched() == null ? c.nodeName() : c.matched(), c.nodeName(),
                        dec2(c.confidence()));
                yield a.substitute() ? MatchReasons.text("match.node.substitute", c.nodeName(), d.nodeName(),
                        pct(w.getSubstituteFactor())) + "；" + fit : fit;
            }
            case "spec" -> a.judgements().isEmpty() ? MatchReasons.text("match.spec.none")
                    : String.join("；", a.judgements().stream().map(j -> !j.meets() && mm.confirmedCapability()
                    ? j.text() + MatchReasons.text("match.spec.confirmed") : j.text()).toList());
            case "certification" -> !d.requiredCertifications().isEmpty()
                    ? MatchReasons.text("match.cert.required", String.join("、", d.requiredCertifications()))
                    : p.certs.qualitySystem ? MatchReasons.text("match.cert.system", String.join("、", c.certifications().stream()
                    .filter(x -> QUALITY_SYSTEMS.stream().anyMatch(q -> Text.key(x).contains(q))).toList()))
                    : MatchReasons.text("match.cert.noSystem");
            case "capacity" -> {
                if (d.quantity() == null || d.quantity() <= 0) {
                    yield MatchReasons.text("match.capacity.noQuantity");
                }
                if (a.capacityUnknown()) {
                    yield c.capacity() == null ? MatchReasons.text("match.capacity.none")
                            : MatchReasons.text("match.capacity.otherUnit", num(c.capacity()), nz(c.capacityUnit()), unit);
                }
                String taken = mm.capacityTaken() > 0 ? MatchReasons.text("match.capacity.taken") : "";
                yield a.capacityShare() >= 1
                        ? MatchReasons.text("match.capacity.enough", num(a.capacity()), unit, num(d.quantity())) + taken
                        : MatchReasons.text("match.capacity.short", num(a.capacity()), unit, num(d.quantity()), pct(a.capacityShare()),
                        num(d.quantity() - a.capacity())) + taken;
            }
            case "proximity" -> d.preferredRegions().contains(p.where.place) ? MatchReasons.text("match.near.preferred", placeName(c))
                    : c.cityCode() == null ? MatchReasons.text("match.near.outside", placeName(c))
                    : c.cityCode().equals(d.leaderCity()) ? MatchReasons.text("match.near.sameCity", nz(c.cityName()))
                    : c.regionCode() != null && c.regionCode().equals(d.leaderRegion())
                    ? MatchReasons.text("match.near.sameRegion", nz(c.cityName()), nz(c.regionName()))
                    : MatchReasons.text("match.near.province", nz(c.cityName()));
            case "tier" -> p.tierValue == 0 ? MatchReasons.text("match.tier.none") : MatchReasons.text("match.tier", c.tier());
            // R&D spending and revenue are private unless the supplier consented: the points count, the value is hidden
            case "innovation" -> (p.hasRnd ? c.privateVisible() ? MatchReasons.text("match.rnd", pct1(intensity(c.revenue(), c.rndSpending())))
                    : MatchReasons.text("match.rnd.hidden") : MatchReasons.text("match.rnd.none")) + "；"
                    + (c.patents() != null ? MatchReasons.text("match.patents", c.patents()) : MatchReasons.text("match.patents.none"));
            default -> mm.existingRelation() ? MatchReasons.text("match.relation.yes") : MatchReasons.text("match.relation.none");
        };
    }

    private List<String> reasons(DemandFacts d, Prepared p, Matchmaking mm, Assessment a) {
        CandidateFacts c = p.candidate();
        List<String> out = new ArrayList<>();
        boolean shortfall = !Double.isNaN(a.capacityShare()) && a.capacityShare() < 1;
        String unit = d.unit() == null ? "" : d.unit();
        if (shortfall && a.capacityShare() < w.getShortfallVerify()) {
            out.add(MatchReasons.text("match.band.shortfall"));
        } else if (a.band() == Band.NOT_RECOMMENDED) {
            out.add(MatchReasons.text("match.band.weak", num(a.score()), num(w.getWeakScore())));
        } else if (a.band() == Band.VERIFY) {
            List<String> verify = new ArrayList<>();
            if (a.lowConfidence()) {
                verify.add(MatchReasons.text("match.verify.lowConfidence", dec2(c.confidence()), dec2(w.getLowConfidence())));
            }
            if (a.substitute()) {
                verify.add(MatchReasons.text("match.verify.substitute", c.nodeName(), d.nodeName()));
            }
            if (!a.unstated().isEmpty()) {
                verify.add(MatchReasons.text("match.verify.spec", String.join("、", a.unstated())));
            }
            if (a.capacityUnknown()) {
                verify.add(MatchReasons.text("match.verify.capacity"));
            }
            if (shortfall) {
                verify.add(MatchReasons.text("match.verify.shortfall", pct(a.capacityShare())));
            }
            out.add(MatchReasons.text("match.band.verify", String.join("；", verify)));
        } else {
            boolean nothingStated = a.judgements().isEmpty() && d.quantity() == null && d.requiredCertifications().isEmpty();
            out.add(MatchReasons.text(nothingStated ? "match.band.recommended.nothingStated" : "match.band.recommended"));
        }
        if (shortfall) {
            out.add(MatchReasons.text("match.capacity.short", num(a.capacity()), unit, num(d.quantity()), pct(a.capacityShare()),
                    num(d.quantity() - a.capacity())) + (mm.capacityTaken() > 0 ? MatchReasons.text("match.capacity.taken") : ""));
        }
        if (mm.capacityTaken() > 0) {
            out.add(MatchReasons.text("match.capacity.taken.note"));
        }
        // what the same leader's earlier records for this node say, e.g. 2026-10 终止：资质
        out.addAll(mm.history());
        return out;
    }

    private static final Map<String, String> LABELS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A required certification is held when one of the supplier's contains it, spaces and case aside (ISO9001 = ISO 9001:2015). */
    static boolean holds(List<String> held, String required) {
        String r = Text.key(required);
        return held.stream().anyMatch(h -> Text.key(h).contains(r));
    }

    private static boolean holds(String[] heldKeys, String requiredKey) {
        for (String h : heldKeys) {
            if (h.contains(requiredKey)) {
                return true;
            }
        }
        return false;
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
