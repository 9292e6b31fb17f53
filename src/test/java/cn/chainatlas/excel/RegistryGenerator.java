package cn.chainatlas.excel;

import cn.chainatlas.common.CreditCode;

import cn.chainatlas.db.SeedFiles;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Writes a synthetic enterprise registry shaped like a bureau's sheet: valid credit codes, plausible company
 * names, product texts built from the chain nodes' names and aliases (seeds/chains/*.yaml), cities weighted like
 * the real clusters (Shenzhen, Guangzhou, Dongguan and Foshan first). Saved the way Excel saves (shared strings).
 *
 * <pre>java -cp … cn.chainatlas.excel.RegistryGenerator 100000 target/registry-100k.xlsx [--seed 42] [--demo]</pre>
 * {@code --demo} marks every name with （演示）, puts a title row above the header and adds the demo leaders.
 */
public final class RegistryGenerator {

    /** A chain node as the generator uses it. */
    public record Node(String code, String name, String level, List<String> aliases) {
    }

    /** The demo chain leaders: Dongguan's is the one the demo LEADER account is tied to. */
    public static final String[][] DEMO_LEADERS = {
            {"91441900MA51LEAD0L", "东莞示范精密机床股份有限公司（演示）", "东莞", "松山湖", "五轴联动加工中心、数控加工中心、精密数控磨床", "链主、单项冠军、高新技术企业"},
            {null, "深圳示范工业机器人有限公司（演示）", "深圳", "南山区", "工业机器人、协作机器人、机器人控制器", "链主、专精特新小巨人、高新技术企业"},
            {null, "广州示范轨道交通装备股份有限公司（演示）", "广州", "黄埔区", "城际轨道车辆、地铁车辆、转向架", "链主、高新技术企业"},
            {null, "阳江示范海上风电装备有限公司（演示）", "阳江", "江城区", "海上风电机组、风机叶片", "链主、高新技术企业"},
            {null, "珠海示范通用航空有限公司（演示）", "珠海", "金湾区", "通用飞机、无人机", "链主、高新技术企业"},
            {null, "佛山示范激光装备股份有限公司（演示）", "佛山", "顺德区", "激光切割机、激光焊接设备、光纤激光器", "链主、专精特新、高新技术企业"}};

    private static final String[][] CITIES = {
            {"440300", "深圳", "18", "南山区,宝安区,龙岗区,龙华区,光明区"}, {"440100", "广州", "15", "黄埔区,番禺区,南沙区,花都区,白云区"},
            {"441900", "东莞", "14", "松山湖,长安镇,虎门镇,大朗镇,南城街道"}, {"440600", "佛山", "13", "顺德区,南海区,禅城区,三水区"},
            {"442000", "中山", "5", "火炬开发区,小榄镇,南头镇"}, {"440400", "珠海", "5", "金湾区,香洲区,斗门区"},
            {"441300", "惠州", "5", "惠城区,仲恺高新区,惠阳区"}, {"440700", "江门", "4", "蓬江区,江海区,新会区"},
            {"441200", "肇庆", "3", "端州区,高要区"}, {"440500", "汕头", "2", "龙湖区,金平区"}, {"441700", "阳江", "2", "江城区,阳东区"},
            {"440800", "湛江", "2", "霞山区,赤坎区"}, {"441800", "清远", "2", "清城区"}, {"440200", "韶关", "1", "武江区"},
            {"440900", "茂名", "1", "茂南区"}, {"441400", "梅州", "1", "梅江区"}, {"441500", "汕尾", "1", "城区"},
            {"441600", "河源", "1", "源城区"}, {"445100", "潮州", "1", "湘桥区"}, {"445200", "揭阳", "1", "榕城区"},
            {"445300", "云浮", "1", "云城区"}};
    private static final String[] BRAND = ("华,瑞,精,锐,联,创,鼎,恒,信,达,科,宏,泰,嘉,盛,兴,捷,力,威,智,航,远,博,通,安,迪,凯,昊,宇,德,"
            + "海,光,电,铭,晟,腾,汇,丰,源,拓,骏,弘,晶,芯,准,微,纳,超,新,元").split(",");
    private static final String[] TRADE = {"精密机械", "智能装备", "机电科技", "数控技术", "自动化设备", "精工", "传动科技",
            "电子科技", "装备制造", "工业技术", "新材料", "激光科技", "海洋工程", "航空科技", "轨道装备", "半导体设备"};
    private static final String[] FORM = {"有限公司", "有限公司", "有限公司", "股份有限公司", "科技有限公司"};
    private static final String[] VERB = {"", "", "研发与制造", "生产销售", "及配件", "设计制造", "系列产品", "及售后服务"};
    private static final String[] OTHER = {"五金贸易", "技术咨询服务", "办公用品", "包装材料", "物流服务"};
    private static final String[] CERTS = {"ISO 9001", "ISO 9001", "ISO 9001", "IATF 16949", "AS9100", "ISO 13485", "ISO 14001", "CCS", "DNV", "CRCC"};
    private static final String[] UNITS = {"套", "台", "件", "万件", "吨", "千米"};
    private static final String[] TECH = {"P4级", "P2级", "分辨率0.1μm", "最高转速40000rpm", "定位精度±0.005mm", "重复定位精度±0.002mm",
            "IP68", "额定功率5MW", "耐压35kV", "C3级", "精度等级IT5"};
    private static final String[] SURNAME = "张,王,李,陈,刘,黄,林,吴,周,梁,何,郑,谢,罗,叶".split(",");

    private RegistryGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: RegistryGenerator <rows> <out.xlsx|out.csv> [--seed N] [--demo]");
            System.exit(2);
        }
        int rows = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        long seed = 42;
        boolean demo = false;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--seed")) {
                seed = Long.parseLong(args[++i]);
            } else if (args[i].equals("--demo")) {
                demo = true;
            }
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        long t = System.nanoTime();
        try (OutputStream os = Files.newOutputStream(out)) {
            write(rows, seed, demo, loadNodes(), os);
        }
        System.out.printf("wrote %d rows to %s (%d KB) in %d ms%n", rows, out, Files.size(out) / 1024, (System.nanoTime() - t) / 1_000_000);
    }

    /** Every node of seeds/chains/*.yaml with its aliases. */
    @SuppressWarnings("unchecked")
    public static List<Node> loadNodes() {
        List<Node> nodes = new ArrayList<>();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (SeedFiles.SeedFile f : SeedFiles.list("chains", ".yaml")) {
            try (InputStream in = f.open()) {
                Map<String, Object> root = yaml.load(in);
                List<Map<String, Object>> list = (List<Map<String, Object>>) root.getOrDefault("nodes", List.of());
                for (Map<String, Object> n : list) {
                    List<String> aliases = new ArrayList<>();
                    for (Object a : (List<Object>) n.getOrDefault("aliases", List.of())) {
                        aliases.add(String.valueOf(a));
                    }
                    nodes.add(new Node(String.valueOf(n.get("code")), String.valueOf(n.get("name")), String.valueOf(n.get("level")), aliases));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalStateException("no chain nodes found in seeds/chains/*.yaml");
        }
        return nodes;
    }

    public static void write(int rows, long seed, boolean demo, List<Node> nodes, OutputStream out) throws IOException {
        Random rnd = new Random(seed);
        List<Node> parts = nodes.stream().filter(n -> !n.level().equals("整机")).toList();
        List<Node> finals = nodes.stream().filter(n -> n.level().equals("整机")).toList();
        int totalWeight = 0;
        for (String[] c : CITIES) {
            totalWeight += Integer.parseInt(c[2]);
        }
        SXSSFWorkbook wb = new SXSSFWorkbook(null, 200, true, true);
        try {
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            SXSSFSheet sheet = wb.createSheet("企业名录");
            int r = 0;
            if (demo) {
                sheet.createRow(r++).createCell(0).setCellValue("广东省高端装备制造业企业名录（演示数据，企业均为虚构）");
            }
            Row h = sheet.createRow(r++);
            RegistryColumn[] cols = RegistryColumn.values();
            for (int i = 0; i < cols.length; i++) {
                h.createCell(i).setCellValue(cols[i].header());
            }
            Set<String> codes = new HashSet<>();
            Set<String> names = new HashSet<>();
            int leaders = demo ? DEMO_LEADERS.length : 0;
            for (int i = 0; i < rows; i++) {
                String[] city;
                String code;
                String name;
                String district;
                String products;
                String titles;
                String level = "整机";
                if (i < leaders) {
                    String[] l = DEMO_LEADERS[i];
                    city = cityByName(l[2]);
                    code = l[0] != null ? l[0] : CreditCode.random(rnd, city[0]);
                    name = l[1];
                    district = l[3];
                    products = l[4];
                    titles = l[5];
                } else {
                    city = pickCity(rnd, totalWeight);
                    do {
                        code = CreditCode.random(rnd, city[0]);
                    } while (!codes.add(code));
                    do {
                        name = city[1] + BRAND[rnd.nextInt(BRAND.length)] + BRAND[rnd.nextInt(BRAND.length)]
                                + (demo ? "" : BRAND[rnd.nextInt(BRAND.length)])
                                + form(TRADE[rnd.nextInt(TRADE.length)], FORM[rnd.nextInt(FORM.length)]) + (demo ? "（演示）" : "");
                    } while (!names.add(name) && names.size() < rows * 4L);
                    String[] ds = city[3].split(",");
                    district = ds[rnd.nextInt(ds.length)];
                    List<Node> made = new ArrayList<>(1);
                    products = products(rnd, rnd.nextInt(20) == 0 ? finals : parts, made);
                    level = made.isEmpty() ? null : made.get(0).level();
                    titles = titles(rnd);
                }
                codes.add(code);
                Row row = sheet.createRow(r++);
                row.createCell(0).setCellValue(code);
                row.createCell(1).setCellValue(name);
                row.createCell(2).setCellValue(rnd.nextInt(3) == 0 ? city[1] + "市" : city[1]);
                row.createCell(3).setCellValue(district);
                String size = i < leaders ? "大" : new String[]{"大", "中", "中", "小", "小", "小", "微"}[rnd.nextInt(7)];
                row.createCell(4).setCellValue(size);
                row.createCell(5).setCellValue(size.equals("微") ? "否" : rnd.nextInt(4) == 0 ? "否" : "是");
                row.createCell(6).setCellValue(products);
                if (titles != null) {
                    row.createCell(9).setCellValue(titles);
                }
                row.createCell(8).setCellValue(certs(rnd));
                double revenue = Math.round(Math.exp(7 + rnd.nextGaussian() * 1.3) * (i < leaders ? 50 : 1) * 100) / 100.0;
                row.createCell(10).setCellValue(revenue);
                row.createCell(11).setCellValue(Math.round(revenue * (0.02 + rnd.nextDouble() * 0.08) * 100) / 100.0);
                row.createCell(12).setCellValue(20 + rnd.nextInt(i < leaders ? 5000 : 800));
                row.createCell(13).setCellValue(rnd.nextInt(60));
                row.createCell(14).setCellValue(capacity(level, 1 + rnd.nextInt(500), rnd.nextInt(UNITS.length)));
                if (rnd.nextInt(3) > 0) {
                    row.createCell(15).setCellValue(TECH[rnd.nextInt(TECH.length)]);
                }
                row.createCell(16).setCellValue(SURNAME[rnd.nextInt(SURNAME.length)] + (rnd.nextBoolean() ? "工" : "经理"));
                row.createCell(17).setCellValue(rnd.nextBoolean()
                        ? "1" + (3 + rnd.nextInt(7)) + String.format("%09d", rnd.nextInt(1_000_000_000))
                        : landline(city[0], rnd.nextInt(20), 20000000 + rnd.nextInt(9_000_000)));
                Cell d = row.createCell(18);
                d.setCellValue(LocalDate.of(1990 + rnd.nextInt(34), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28)));
                d.setCellStyle(date);
            }
            wb.write(out);
        } finally {
            wb.dispose();
            wb.close();
        }
    }

    /** The legal form after the trade words, without saying 科技 twice (机电科技 + 科技有限公司). */
    static String form(String trade, String form) {
        return trade.endsWith("科技") && form.startsWith("科技") ? trade + form.substring(2) : trade + form;
    }

    /** Each city's telephone area code (东莞 0769, 佛山 0757 …); the big cities dial 8 digits, the others 7. */
    private static final Map<String, String> AREA_CODES = Map.ofEntries(Map.entry("440100", "020"),
            Map.entry("440300", "0755"), Map.entry("441900", "0769"), Map.entry("440600", "0757"),
            Map.entry("442000", "0760"), Map.entry("440400", "0756"), Map.entry("441300", "0752"),
            Map.entry("440700", "0750"), Map.entry("441200", "0758"), Map.entry("440500", "0754"),
            Map.entry("441700", "0662"), Map.entry("440800", "0759"), Map.entry("441800", "0763"),
            Map.entry("440200", "0751"), Map.entry("440900", "0668"), Map.entry("441400", "0753"),
            Map.entry("441500", "0660"), Map.entry("441600", "0762"), Map.entry("445100", "0768"),
            Map.entry("445200", "0663"), Map.entry("445300", "0766"));
    private static final Set<String> EIGHT_DIGITS = Set.of("440100", "440300", "441900", "440600", "442000");

    /** A landline of the enterprise's own city ({@code unused}: the draw the former random area code took). */
    static String landline(String cityCode, int unused, int number) {
        String area = AREA_CODES.getOrDefault(cityCode, "020");
        return area + "-" + (EIGHT_DIGITS.contains(cityCode) ? String.valueOf(number) : String.valueOf(number % 10_000_000 + (number % 10_000_000 < 2_000_000 ? 2_000_000 : 0)));
    }

    /**
     * A yearly capacity in a range that fits what the enterprise makes: equipment in 台 (tens to a couple of
     * thousand), systems and software in 套, parts in 万件 or 件, materials in 吨. {@code step} (1–500) and
     * {@code pick} are the draws the former unit-blind capacity took, so every other column stays as it was.
     */
    static String capacity(String level, int step, int pick) {
        String l = level == null ? "部件" : level;
        return switch (l) {
            case "整机" -> (step * 4) + "台";
            case "系统" -> (step * 20) + "套";
            case "软件" -> (step * 2) + "套";
            case "材料" -> (step * 100) + "吨";
            case "零件" -> pick % 2 == 0 ? step + "万件" : (step * 1000) + "件";
            default -> pick % 2 == 0 ? (step * 100) + "套" : (step * 200) + "件";
        };
    }

    private static String[] cityByName(String name) {
        for (String[] c : CITIES) {
            if (c[1].equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static String[] pickCity(Random rnd, int total) {
        int x = rnd.nextInt(total);
        for (String[] c : CITIES) {
            x -= Integer.parseInt(c[2]);
            if (x < 0) {
                return c;
            }
        }
        return CITIES[0];
    }

    /** One to three node words (a name or an alias) with the words companies put around them; 1 in 25 names none. */
    private static String products(Random rnd, List<Node> pool, List<Node> made) {
        if (rnd.nextInt(25) == 0) {
            return OTHER[rnd.nextInt(OTHER.length)];
        }
        int n = 1 + (rnd.nextInt(10) < 6 ? 0 : rnd.nextInt(3));
        Set<String> words = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            Node node = pool.get(rnd.nextInt(pool.size()));
            made.add(node);
            List<String> chinese = node.aliases().stream().filter(a -> a.codePoints().anyMatch(c -> c > 0x2E80)).toList();
            String w = chinese.isEmpty() || rnd.nextInt(3) == 0 ? node.name() : chinese.get(rnd.nextInt(chinese.size()));
            words.add(w + VERB[rnd.nextInt(VERB.length)]);
        }
        return String.join(rnd.nextBoolean() ? "、" : "，", words);
    }

    private static String titles(Random rnd) {
        int x = rnd.nextInt(100);
        List<String> t = new ArrayList<>();
        if (x < 1) {
            t.add("单项冠军");
        } else if (x < 4) {
            t.add("专精特新小巨人");
        } else if (x < 14) {
            t.add("专精特新");
        }
        if (rnd.nextInt(100) < 35) {
            t.add("高新技术企业");
        }
        return t.isEmpty() ? null : String.join("、", t);
    }

    private static String certs(Random rnd) {
        Set<String> c = new LinkedHashSet<>();
        int n = rnd.nextInt(3);
        for (int i = 0; i <= n; i++) {
            c.add(CERTS[rnd.nextInt(CERTS.length)]);
        }
        return String.join("、", c);
    }
}
