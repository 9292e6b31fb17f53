package cn.chainatlas.geo;

import cn.chainatlas.common.BadInput;

import cn.chainatlas.common.Text;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.CITY;

/**
 * Guangdong's geography as every package reads it: the 21 prefecture-level cities (by Chinese name, with or
 * without 市 or 广东省, or by 6-digit code), the other provinces for 省外 suppliers, and the regions an analysis
 * covers (the province or one city). The one parser of a place a person types. Reads the city table the
 * geography seeds fill (owned by this package).
 */
@Singleton
public final class Cities {

    public static final List<String> PROVINCES = List.of("北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江",
            "上海", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广西", "海南", "重庆", "四川", "贵州",
            "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "台湾", "香港", "澳门");
    public static final String OUTSIDE = "省外";

    /** What a 所在地市 cell means: a Guangdong city code, or an outside province; both null when unknown. */
    public record Place(String cityCode, String outsideProvince) {
        public boolean known() {
            return cityCode != null || outsideProvince != null;
        }
    }

    private final DSLContext dsl;
    private volatile Map<String, String> byName;
    private volatile Map<String, String> names;

    Cities(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Code → name, in code order; re-read from the table when asked to. */
    public Map<String, String> names() {
        if (names == null || names.isEmpty()) {
            reload();
        }
        return names;
    }

    public synchronized void reload() {
        Map<String, String> n = new LinkedHashMap<>();
        Map<String, String> b = new HashMap<>();
        for (var r : dsl.select(CITY.CODE, CITY.NAME).from(CITY).orderBy(CITY.CODE).fetch()) {
            n.put(r.value1(), r.value2());
            String name = r.value2().endsWith("市") ? r.value2().substring(0, r.value2().length() - 1) : r.value2();
            b.put(name, r.value1());
            b.put(r.value1(), r.value1());
        }
        names = n;
        byName = b;
    }

    public String name(String code) {
        return code == null ? null : names().get(code);
    }

    public Place parse(String raw) {
        if (byName == null || byName.isEmpty()) {
            reload();
        }
        String s = Text.key(raw);
        if (s.isEmpty()) {
            return new Place(null, null);
        }
        if (s.startsWith(OUTSIDE)) {
            String p = s.substring(OUTSIDE.length()).replaceAll("^[-—–:：()（）/、,，_\\s]+|[()（）]+$", "");
            String province = province(p);
            return new Place(null, province);
        }
        if (s.startsWith("广东省")) {
            s = s.substring(3);
        } else if (s.startsWith("广东") && s.length() > 2) {
            s = s.substring(2);
        }
        if (s.endsWith("市") && s.length() > 1) {
            s = s.substring(0, s.length() - 1);
        }
        String code = byName.get(s);
        if (code != null) {
            return new Place(code, null);
        }
        return new Place(null, province(s));
    }

    private static String province(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        for (String p : PROVINCES) {
            if (s.equals(p) || s.startsWith(p) && s.length() <= p.length() + 6
                    && s.substring(p.length()).matches("省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区")) {
                return p;
            }
        }
        return null;
    }

    /** Whether the 6-digit code is one of the 21 cities. */
    public boolean exists(String code) {
        return code != null && names().containsKey(code);
    }

    /**
     * The region of an analysis: {@code province}, 全省, 广东省 or blank for the province; otherwise a city by
     * name, short name or code.
     *
     * @throws BadInput naming the value when it is neither
     */
    public Region region(String key) {
        if (key == null || key.isBlank()) {
            return Region.PROVINCE;
        }
        String k = key.strip();
        if (k.equalsIgnoreCase("province") || k.equals("全省") || k.equals("广东省") || k.equals("广东")) {
            return Region.PROVINCE;
        }
        Place place = parse(k);
        if (place.cityCode() == null) {
            throw new BadInput("region", "未知地区「" + k + "」：应为 province（全省）或广东省的地市名称、代码（如 东莞、441900）");
        }
        return city(place.cityCode());
    }

    /** The region of one city. */
    public Region city(String code) {
        String name = name(code);
        return new Region(name, code, name);
    }

    /** The province and the 21 cities, in code order. */
    public List<Region> regions() {
        List<Region> out = new java.util.ArrayList<>();
        out.add(Region.PROVINCE);
        names().forEach((code, name) -> out.add(new Region(name, code, name)));
        return out;
    }

    /** How an enterprise's place is written back to a sheet: the city name, or 省外-江苏. */
    public String label(String cityCode, String outsideProvince) {
        if (cityCode != null) {
            return name(cityCode);
        }
        return outsideProvince == null ? null : OUTSIDE + "-" + outsideProvince;
    }
}
