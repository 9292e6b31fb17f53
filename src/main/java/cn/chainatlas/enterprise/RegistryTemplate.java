package cn.chainatlas.enterprise;

import cn.chainatlas.excel.RegistryColumn;
import cn.chainatlas.excel.TemplateWorkbook;
import cn.chainatlas.geo.Cities;
import jakarta.inject.Singleton;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry template: the data sheet with the template's headers and drop-downs (cities, sizes, tiers,
 * certifications, nodes, read from the current tables), an instruction sheet, and a hidden sheet holding the lists —
 * written by {@link TemplateWorkbook}, as the demand template is, so both templates and both errors.xlsx name their
 * lists alike (列表_&lt;column&gt;). Multi-valued columns (titles, certifications, nodes) offer their list but accept
 * other text, since a cell may name several values.
 */
@Singleton
public class RegistryTemplate {

    private static final String RULES = "通用规则：列的顺序不限，表头上方可以有标题行；模板以外的列会作为附加属性保留；多个值用 、 ， ; / 或换行分隔。"
            + "上传后先预检，下载错误行（errors.xlsx）修改后可直接再次上传。";

    private final Cities cities;
    private final Classifier classifier;

    RegistryTemplate(Cities cities, Classifier classifier) {
        this.cities = cities;
        this.classifier = classifier;
    }

    public void write(OutputStream out) {
        cities.reload();
        classifier.invalidate();
        TemplateWorkbook.write(RegistryColumn.SCHEMA, "企业名录", help(), choices(),
                Set.of(RegistryColumn.SIZE, RegistryColumn.ABOVE_SCALE),
                Set.of(RegistryColumn.CREDIT_CODE, RegistryColumn.CONTACT_PHONE),
                Set.of(RegistryColumn.NAME, RegistryColumn.MAIN_PRODUCTS, RegistryColumn.TECH_PARAMS),
                List.of(RULES), out);
    }

    /** The drop-down options of the template's columns, in the template's order (errors.xlsx keeps them too). */
    public Map<RegistryColumn, List<String>> choices() {
        List<String> cityNames = new ArrayList<>(cities.names().values());
        cityNames.add("省外-（填省份，如 省外-江苏）");
        List<String> titles = new ArrayList<>(Titles.TIERS);
        titles.add(0, Titles.LEADER);
        titles.add("隐形冠军");
        Map<RegistryColumn, List<String>> m = new LinkedHashMap<>();
        m.put(RegistryColumn.CITY, cityNames);
        m.put(RegistryColumn.SIZE, List.of("大", "中", "小", "微"));
        m.put(RegistryColumn.ABOVE_SCALE, List.of("是", "否"));
        m.put(RegistryColumn.TITLES, titles);
        m.put(RegistryColumn.CERTIFICATIONS, Titles.CERTIFICATIONS);
        m.put(RegistryColumn.NODES, new ArrayList<>(classifier.model().nodeNames().values()));
        return m;
    }

    /** What the instruction sheet says of each column: what to write and an example. */
    private static Map<RegistryColumn, TemplateWorkbook.Help> help() {
        Map<RegistryColumn, TemplateWorkbook.Help> m = new EnumMap<>(RegistryColumn.class);
        m.put(RegistryColumn.CREDIT_CODE, new TemplateWorkbook.Help("18 位统一社会信用代码（GB 32100-2015），会校验第 18 位校验位", "91441900MA51LEAD0L"));
        m.put(RegistryColumn.NAME, new TemplateWorkbook.Help("企业全称，最多 200 字（也可写作 单位名称、公司名称）", "东莞示范精密机床股份有限公司"));
        m.put(RegistryColumn.CITY, new TemplateWorkbook.Help("广东省 21 个地市之一，可带“市”；省外企业写“省外-省份”", "东莞"));
        m.put(RegistryColumn.DISTRICT, new TemplateWorkbook.Help("区县或镇街", "松山湖"));
        m.put(RegistryColumn.SIZE, new TemplateWorkbook.Help("大、中、小、微", "中"));
        m.put(RegistryColumn.ABOVE_SCALE, new TemplateWorkbook.Help("是 或 否", "是"));
        m.put(RegistryColumn.MAIN_PRODUCTS, new TemplateWorkbook.Help("主营产品，自由文字；系统据此自动归类到产业链节点", "高速电主轴、精密主轴单元"));
        m.put(RegistryColumn.NODES, new TemplateWorkbook.Help("可选：明确指定的产业链节点（名称、别名或代码），填写后不再自动归类", "电主轴"));
        m.put(RegistryColumn.CERTIFICATIONS, new TemplateWorkbook.Help("可填多个", "ISO 9001、IATF 16949"));
        m.put(RegistryColumn.TITLES, new TemplateWorkbook.Help("可填多个：链主、单项冠军、专精特新小巨人、专精特新、高新技术企业 …", "专精特新、高新技术企业"));
        m.put(RegistryColumn.REVENUE, new TemplateWorkbook.Help("上年营业收入，万元，非负数", "12000"));
        m.put(RegistryColumn.RND_SPENDING, new TemplateWorkbook.Help("上年研发投入，万元，非负数", "800"));
        m.put(RegistryColumn.EMPLOYEES, new TemplateWorkbook.Help("整数", "230"));
        m.put(RegistryColumn.PATENTS, new TemplateWorkbook.Help("整数", "12"));
        m.put(RegistryColumn.CAPACITY, new TemplateWorkbook.Help("数量加单位，可用 万", "20000套"));
        m.put(RegistryColumn.TECH_PARAMS, new TemplateWorkbook.Help("自由文字", "P4级；最高转速40000rpm"));
        m.put(RegistryColumn.CONTACT_NAME, new TemplateWorkbook.Help("", "张工"));
        m.put(RegistryColumn.CONTACT_PHONE, new TemplateWorkbook.Help("", "0769-22001234"));
        m.put(RegistryColumn.FOUNDED_ON, new TemplateWorkbook.Help("日期，如 2015-03-01、2015/3/1、2015年3月1日", "2015-03-01"));
        return m;
    }
}
