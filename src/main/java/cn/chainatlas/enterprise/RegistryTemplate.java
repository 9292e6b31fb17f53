package cn.chainatlas.enterprise;

import cn.chainatlas.geo.Cities;

import cn.chainatlas.excel.RegistryColumn;
import jakarta.inject.Singleton;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Name;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The registry template: the data sheet with the template's headers and drop-downs (cities, sizes, tiers,
 * certifications, nodes, read from the current tables), an instruction sheet, and a hidden sheet holding the lists.
 * Multi-valued columns (titles, certifications, nodes) offer their list but accept other text, since a cell may
 * name several values.
 */
@Singleton
public class RegistryTemplate {

    private static final int ROWS = 5000;

    private final Cities cities;
    private final Classifier classifier;

    RegistryTemplate(Cities cities, Classifier classifier) {
        this.cities = cities;
        this.classifier = classifier;
    }

    public void write(OutputStream out) {
        cities.reload();
        classifier.invalidate();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            CellStyle head = wb.createCellStyle();
            Font bold = wb.createFont();
            bold.setBold(true);
            head.setFont(bold);
            CellStyle required = wb.createCellStyle();
            Font red = wb.createFont();
            red.setBold(true);
            red.setColor(IndexedColors.RED.getIndex());
            required.setFont(red);
            CellStyle textFormat = wb.createCellStyle();
            textFormat.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("@"));

            XSSFSheet data = wb.createSheet("企业名录");
            XSSFSheet help = wb.createSheet("填写说明");
            XSSFSheet lists = wb.createSheet("选项");
            RegistryColumn[] cols = RegistryColumn.values();
            Row h = data.createRow(0);
            for (int i = 0; i < cols.length; i++) {
                Cell c = h.createCell(i);
                c.setCellValue(cols[i].header());
                c.setCellStyle(cols[i].required() ? required : head);
                data.setColumnWidth(i, (cols[i] == RegistryColumn.MAIN_PRODUCTS || cols[i] == RegistryColumn.NAME ? 30 : 14) * 256);
            }
            data.setDefaultColumnStyle(RegistryColumn.CREDIT_CODE.ordinal(), textFormat);
            data.setDefaultColumnStyle(RegistryColumn.CONTACT_PHONE.ordinal(), textFormat);
            data.createFreezePane(0, 1);

            Map<RegistryColumn, List<String>> choices = choices();
            String[][] columns = choices.values().stream().map(l -> l.toArray(String[]::new)).toArray(String[][]::new);
            String[] names = {"地市", "规模", "是否", "称号", "认证", "节点"};
            RegistryColumn[] targets = choices.keySet().toArray(RegistryColumn[]::new);
            boolean[] strict = {false, true, true, false, false, false};
            int longest = 0;
            for (String[] c : columns) {
                longest = Math.max(longest, c.length);
            }
            for (int r = 0; r < longest; r++) {
                Row row = lists.createRow(r);
                for (int c = 0; c < columns.length; c++) {
                    if (r < columns[c].length) {
                        row.createCell(c).setCellValue(columns[c][r]);
                    }
                }
            }
            DataValidationHelper helper = data.getDataValidationHelper();
            for (int c = 0; c < columns.length; c++) {
                if (columns[c].length == 0) {
                    continue;
                }
                Name name = wb.createName();
                name.setNameName("列表_" + names[c]);
                char col = (char) ('A' + c);
                name.setRefersToFormula("'选项'!$" + col + "$1:$" + col + "$" + columns[c].length);
                DataValidation v = helper.createValidation(helper.createFormulaListConstraint("列表_" + names[c]),
                        new CellRangeAddressList(1, ROWS, targets[c].ordinal(), targets[c].ordinal()));
                v.setShowErrorBox(strict[c]);
                if (strict[c]) {
                    v.setErrorStyle(DataValidation.ErrorStyle.STOP);
                    v.createErrorBox("取值不对", "请从下拉列表中选择");
                }
                v.setSuppressDropDownArrow(true);
                data.addValidationData(v);
            }
            wb.setSheetHidden(wb.getSheetIndex(lists), true);

            String[][] instructions = instructions();
            Row t = help.createRow(0);
            String[] hh = {"列", "必填", "说明", "示例"};
            for (int i = 0; i < hh.length; i++) {
                t.createCell(i).setCellValue(hh[i]);
                t.getCell(i).setCellStyle(head);
            }
            for (int r = 0; r < instructions.length; r++) {
                Row row = help.createRow(r + 1);
                for (int i = 0; i < instructions[r].length; i++) {
                    row.createCell(i).setCellValue(instructions[r][i]);
                }
            }
            Row note = help.createRow(instructions.length + 2);
            note.createCell(0).setCellValue("通用规则：列的顺序不限，表头上方可以有标题行；模板以外的列会作为附加属性保留；多个值用 、 ， ; / 或换行分隔。"
                    + "上传后先预检，下载错误行（errors.xlsx）修改后可直接再次上传。");
            help.setColumnWidth(0, 20 * 256);
            help.setColumnWidth(2, 70 * 256);
            help.setColumnWidth(3, 30 * 256);
            wb.setActiveSheet(0);
            wb.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The drop-down options of the template's columns, in the template's order (errors.xlsx keeps them too). */
    public Map<RegistryColumn, List<String>> choices() {
        List<String> cityNames = new ArrayList<>(cities.names().values());
        cityNames.add("省外-（填省份，如 省外-江苏）");
        List<String> titles = new ArrayList<>(Titles.TIERS);
        titles.add(0, Titles.LEADER);
        titles.add("隐形冠军");
        Map<RegistryColumn, List<String>> m = new java.util.LinkedHashMap<>();
        m.put(RegistryColumn.CITY, cityNames);
        m.put(RegistryColumn.SIZE, List.of("大", "中", "小", "微"));
        m.put(RegistryColumn.ABOVE_SCALE, List.of("是", "否"));
        m.put(RegistryColumn.TITLES, titles);
        m.put(RegistryColumn.CERTIFICATIONS, Titles.CERTIFICATIONS);
        m.put(RegistryColumn.NODES, new ArrayList<>(classifier.model().nodeNames().values()));
        return m;
    }

    private static String[][] instructions() {
        Map<RegistryColumn, String[]> m = new java.util.EnumMap<>(RegistryColumn.class);
        m.put(RegistryColumn.CREDIT_CODE, new String[]{"18 位统一社会信用代码（GB 32100-2015），会校验第 18 位校验位", "91441900MA51LEAD0L"});
        m.put(RegistryColumn.NAME, new String[]{"企业全称，最多 200 字（也可写作 单位名称、公司名称）", "东莞示范精密机床股份有限公司"});
        m.put(RegistryColumn.CITY, new String[]{"广东省 21 个地市之一，可带“市”；省外企业写“省外-省份”", "东莞"});
        m.put(RegistryColumn.DISTRICT, new String[]{"区县或镇街", "松山湖"});
        m.put(RegistryColumn.SIZE, new String[]{"大、中、小、微", "中"});
        m.put(RegistryColumn.ABOVE_SCALE, new String[]{"是 或 否", "是"});
        m.put(RegistryColumn.MAIN_PRODUCTS, new String[]{"主营产品，自由文字；系统据此自动归类到产业链节点", "高速电主轴、精密主轴单元"});
        m.put(RegistryColumn.NODES, new String[]{"可选：明确指定的产业链节点（名称、别名或代码），填写后不再自动归类", "电主轴"});
        m.put(RegistryColumn.CERTIFICATIONS, new String[]{"可填多个", "ISO 9001、IATF 16949"});
        m.put(RegistryColumn.TITLES, new String[]{"可填多个：链主、单项冠军、专精特新小巨人、专精特新、高新技术企业 …", "专精特新、高新技术企业"});
        m.put(RegistryColumn.REVENUE, new String[]{"上年营业收入，万元，非负数", "12000"});
        m.put(RegistryColumn.RND_SPENDING, new String[]{"上年研发投入，万元，非负数", "800"});
        m.put(RegistryColumn.EMPLOYEES, new String[]{"整数", "230"});
        m.put(RegistryColumn.PATENTS, new String[]{"整数", "12"});
        m.put(RegistryColumn.CAPACITY, new String[]{"数量加单位，可用 万", "20000套"});
        m.put(RegistryColumn.TECH_PARAMS, new String[]{"自由文字", "P4级；最高转速40000rpm"});
        m.put(RegistryColumn.CONTACT_NAME, new String[]{"", "张工"});
        m.put(RegistryColumn.CONTACT_PHONE, new String[]{"", "0769-22001234"});
        m.put(RegistryColumn.FOUNDED_ON, new String[]{"日期，如 2015-03-01、2015/3/1、2015年3月1日", "2015-03-01"});
        List<String[]> out = new ArrayList<>();
        for (RegistryColumn c : RegistryColumn.values()) {
            String[] d = m.get(c);
            out.add(new String[]{c.header(), c.required() ? "必填" : "选填", d[0], d[1]});
        }
        return out.toArray(String[][]::new);
    }
}
