package cn.chainatlas.enterprise;

import cn.chainatlas.geo.Cities;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An enterprise's state as the audit log records it, before and after every change (edit, node assignment,
 * move, status, import, rollback): its fields under the registry's Chinese column names, with the city and
 * the chain nodes by name. One shape for every change, so the audit page shows field by field what changed.
 */
@Singleton
public final class EnterpriseState {

    private final Cities cities;
    private final Classifier classifier;

    EnterpriseState(Cities cities, Classifier classifier) {
        this.cities = cities;
        this.classifier = classifier;
    }

    /** The state of one enterprise; {@code nodeCodes} in any order, {@code status} an EnterpriseStatus code. */
    public Map<String, Object> of(EnterpriseData d, List<String> nodeCodes, @Nullable String status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("统一社会信用代码", d.creditCode());
        m.put("企业名称", d.name());
        m.put("所在地市", cities.label(d.cityCode(), d.outsideProvince()));
        m.put("区县", d.district());
        m.put("企业规模", d.sizeClass());
        m.put("是否规上", d.aboveScale() == null ? null : d.aboveScale() ? "是" : "否");
        m.put("主营产品", d.mainProducts());
        m.put("资质认证", d.certifications());
        m.put("企业称号", d.titles());
        m.put("营业收入(万元)", plain(d.revenue()));
        m.put("研发投入(万元)", plain(d.rndSpending()));
        m.put("从业人数", d.employees());
        m.put("有效发明专利数", d.patents());
        m.put("年产能", d.capacityValue() == null ? null : plain(d.capacityValue()) + (d.capacityUnit() == null ? "" : d.capacityUnit()));
        m.put("技术参数", d.techParams());
        m.put("联系人", d.contactName());
        m.put("联系电话", d.contactPhone());
        m.put("成立日期", d.foundedOn() == null ? null : d.foundedOn().toString());
        m.put("其他列", d.extraAttributes());
        Classifier.Model model = classifier.model();
        StringBuilder nodes = new StringBuilder();
        nodeCodes.stream().sorted().forEach(c -> {
            String name = model.nodeName(c);
            nodes.append(nodes.length() == 0 ? "" : EnterpriseData.SEPARATOR).append(name == null ? c : name);
        });
        m.put("产业链节点", nodes.length() == 0 ? null : nodes.toString());
        m.put("指定节点", d.explicitNodes());
        EnterpriseStatus s = EnterpriseStatus.parse(status);
        m.put("状态", s == null ? null : s.label());
        return m;
    }

    private static String plain(@Nullable BigDecimal v) {
        return v == null ? null : v.stripTrailingZeros().toPlainString();
    }
}
