package cn.chainatlas.imports;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jooq.DSLContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.CHAIN_NODE;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE_ALIAS;
import static cn.chainatlas.db.schema.Tables.CITY;
import static cn.chainatlas.db.schema.Tables.REGION;

/** The cities, nodes and aliases registry tests need, and small workbooks built in code. */
public final class RegistryFixtures {

    public static final String[][] CITIES = {
            {"440100", "广州", "PRD"}, {"440200", "韶关", "NORTH"}, {"440300", "深圳", "PRD"}, {"440400", "珠海", "PRD"},
            {"440500", "汕头", "EAST"}, {"440600", "佛山", "PRD"}, {"440700", "江门", "PRD"}, {"440800", "湛江", "WEST"},
            {"440900", "茂名", "WEST"}, {"441200", "肇庆", "PRD"}, {"441300", "惠州", "PRD"}, {"441400", "梅州", "NORTH"},
            {"441500", "汕尾", "EAST"}, {"441600", "河源", "NORTH"}, {"441700", "阳江", "WEST"}, {"441800", "清远", "NORTH"},
            {"441900", "东莞", "PRD"}, {"442000", "中山", "PRD"}, {"445100", "潮州", "EAST"}, {"445200", "揭阳", "EAST"},
            {"445300", "云浮", "NORTH"}};

    public static final Map<String, String[]> NODES = Map.of(
            "CNC_SYSTEM", new String[]{"高档数控系统", "数控系统", "CNC系统"},
            "ELECTRIC_SPINDLE", new String[]{"电主轴", "高速电主轴", "主轴单元"},
            "GRATING_SCALE", new String[]{"光栅尺", "直线光栅", "光栅位移传感器"},
            "BEARING", new String[]{"轴承", "精密轴承", "主轴轴承"},
            "BALL_SCREW", new String[]{"滚珠丝杠", "丝杠"},
            "SUBSEA_CABLE", new String[]{"海底电缆", "海缆"},
            "GEARBOX", new String[]{"齿轮箱", "增速箱"},
            "FIVE_AXIS_CENTER", new String[]{"五轴联动加工中心", "五轴加工中心", "加工中心"});

    private RegistryFixtures() {
    }

    /** Cities and chain nodes with aliases, unless already there. */
    public static void load(DSLContext dsl) {
        if (dsl.fetchCount(CITY) > 0) {
            return;
        }
        for (String[] r : new String[][]{{"PRD", "珠三角"}, {"EAST", "东翼"}, {"WEST", "西翼"}, {"NORTH", "北部生态发展区"}}) {
            dsl.insertInto(REGION).set(REGION.CODE, r[0]).set(REGION.NAME, r[1]).execute();
        }
        for (String[] c : CITIES) {
            dsl.insertInto(CITY).set(CITY.CODE, c[0]).set(CITY.NAME, c[1]).set(CITY.REGION_CODE, c[2]).execute();
        }
        NODES.forEach((code, names) -> {
            dsl.insertInto(CHAIN_NODE).set(CHAIN_NODE.CODE, code).set(CHAIN_NODE.NAME, names[0])
                    .set(CHAIN_NODE.LEVEL, code.equals("FIVE_AXIS_CENTER") ? "整机" : "部件").execute();
            for (int i = 1; i < names.length; i++) {
                dsl.insertInto(CHAIN_NODE_ALIAS).set(CHAIN_NODE_ALIAS.NODE_CODE, code).set(CHAIN_NODE_ALIAS.ALIAS, names[i]).execute();
            }
        });
    }

    public static final List<String> HEADER = List.of("统一社会信用代码", "企业名称", "所在地市", "区县", "企业规模", "是否规上",
            "主营产品", "产业链节点", "资质认证", "企业称号", "营业收入(万元)", "研发投入(万元)", "从业人数", "有效发明专利数", "年产能",
            "技术参数/精度等级", "联系人", "联系电话", "成立日期");

    /** A valid template row for the given code, name, city and products. */
    public static List<Object> row(String code, String name, String city, String products) {
        return new ArrayList<>(Arrays.asList(code, name, city, "南城街道", "中", "是", products, null, "ISO 9001、IATF 16949",
                "专精特新、高新技术企业", 12345.5, 800, 230, 12, "20000套", "P4级", "张工", "0769-22001234", LocalDate.of(2012, 5, 18)));
    }

    /** An .xlsx with one sheet: the given rows as they are (dates as date cells, numbers as numbers). */
    public static byte[] xlsx(String sheetName, List<List<Object>> rows) {
        try (Workbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet s = wb.createSheet(sheetName);
            var dateStyle = wb.createCellStyle();
            dateStyle.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            int r = 0;
            for (List<Object> values : rows) {
                Row row = s.createRow(r++);
                if (values == null) {
                    continue;
                }
                for (int c = 0; c < values.size(); c++) {
                    Object v = values.get(c);
                    if (v == null) {
                        continue;
                    }
                    Cell cell = row.createCell(c);
                    if (v instanceof Number n) {
                        cell.setCellValue(n.doubleValue());
                    } else if (v instanceof LocalDate d) {
                        cell.setCellValue(d);
                        cell.setCellStyle(dateStyle);
                    } else if (v instanceof Formula f) {
                        cell.setCellFormula(f.formula());
                    } else {
                        cell.setCellValue(v.toString());
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] xlsx(List<List<Object>> rows) {
        return xlsx("企业名录", rows);
    }

    /** A formula cell (the workbook is saved with its cached value when POI evaluates it). */
    public record Formula(String formula) {
    }

    public static List<List<Object>> withHeader(List<List<Object>> rows) {
        List<List<Object>> all = new ArrayList<>();
        all.add(new ArrayList<>(HEADER));
        all.addAll(rows);
        return all;
    }
}
