package cn.chainatlas.enterprise;

import cn.chainatlas.common.Text;

import java.util.List;

/**
 * The comparison key of an enterprise name: what is left after the legal form, province and city prefixes and
 * bracketed parts are removed. Two registry entries with equal keys and different credit codes are likely the
 * same enterprise registered twice (or a branch), which a clerk should look at.
 */
public final class EnterpriseNames {

    private static final List<String> SUFFIXES = List.of("股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司",
            "有限责任", "股份", "公司", "集团", "厂");
    private static final List<String> PROVINCES = List.of("广东省", "广东", "北京市", "天津市", "上海市", "重庆市", "河北省",
            "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省",
            "湖南省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区", "广西壮族自治区",
            "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区");
    private static final List<String> CITIES = List.of("广州", "韶关", "深圳", "珠海", "汕头", "佛山", "江门", "湛江", "茂名",
            "肇庆", "惠州", "梅州", "汕尾", "河源", "阳江", "清远", "东莞", "中山", "潮州", "揭阳", "云浮");

    private static final java.util.regex.Pattern BRACKETS = java.util.regex.Pattern.compile("[(（\\[【][^)）\\]】]*[)）\\]】]");

    private EnterpriseNames() {
    }

    public static String key(String name) {
        String s = Text.key(name);
        if (s.isEmpty()) {
            return s;
        }
        if (s.indexOf('(') >= 0 || s.indexOf('[') >= 0 || s.indexOf('【') >= 0) {
            s = BRACKETS.matcher(s).replaceAll("");
        }
        for (String p : PROVINCES) {
            if (s.startsWith(p)) {
                s = s.substring(p.length());
                break;
            }
        }
        for (String c : CITIES) {
            if (s.startsWith(c + "市")) {
                s = s.substring(c.length() + 1);
                break;
            }
            if (s.startsWith(c)) {
                s = s.substring(c.length());
                break;
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String suffix : SUFFIXES) {
                if (s.endsWith(suffix) && s.length() > suffix.length()) {
                    s = s.substring(0, s.length() - suffix.length());
                    changed = true;
                }
            }
        }
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
