package cn.chainatlas.enterprise;

import cn.chainatlas.geo.Cities;

import cn.chainatlas.excel.RegistryColumn;
import cn.chainatlas.common.Actor;
import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.jooq.DSLContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;

/**
 * The registry (or a filtered part) as .xlsx with the template's headers, so that uploading the export again
 * changes nothing. Written streaming with dhatim fastexcel (inline strings, flushed a page at a time, so memory stays
 * flat) from keyset-paged reads. Text that a spreadsheet would take for a formula (starting with = + - @) is written
 * as a string cell with the text format "@", so that editing it keeps it text. Private
 * fields (money, contacts, the extra columns) are written only where {@link EnterpriseService#seesPrivate} allows.
 */
@Singleton
public class RegistryExport {

    private static final int PAGE = 5000;
    private static final String TEXT = "@";
    private static final List<org.jooq.Field<?>> EXPORTED = List.of(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, ENTERPRISE.CITY_CODE,
            ENTERPRISE.OUTSIDE_PROVINCE, ENTERPRISE.DISTRICT, ENTERPRISE.SIZE_CLASS, ENTERPRISE.ABOVE_SCALE, ENTERPRISE.MAIN_PRODUCTS,
            ENTERPRISE.EXPLICIT_NODES, ENTERPRISE.CERTIFICATIONS, ENTERPRISE.TITLES, ENTERPRISE.REVENUE, ENTERPRISE.RND_SPENDING,
            ENTERPRISE.EMPLOYEES, ENTERPRISE.PATENTS, ENTERPRISE.CAPACITY_VALUE, ENTERPRISE.CAPACITY_UNIT, ENTERPRISE.TECH_PARAMS,
            ENTERPRISE.CONTACT_NAME, ENTERPRISE.CONTACT_PHONE, ENTERPRISE.FOUNDED_ON, ENTERPRISE.EXTRA_ATTRIBUTES,
            ENTERPRISE.PUBLIC_CONSENT);

    private final DSLContext dsl;
    private final EnterpriseService enterprises;
    private final Cities cities;
    private final Classifier classifier;

    RegistryExport(DSLContext dsl, EnterpriseService enterprises, Cities cities, Classifier classifier) {
        this.dsl = dsl;
        this.enterprises = enterprises;
        this.cities = cities;
        this.classifier = classifier;
    }

    /**
     * Writes the workbook to {@code out} (closed at the end); returns the number of enterprises written.
     *
     * @throws UncheckedIOException when the stream fails
     */
    public int export(Actor actor, EnterpriseFilter filter, OutputStream out) {
        Condition c = enterprises.condition(filter);
        Set<String> extraKeys = new LinkedHashSet<>();
        // the extra columns' headers come only from rows the actor may see in full: the others' are private
        for (String text : dsl.select(ENTERPRISE.EXTRA_ATTRIBUTES).from(ENTERPRISE).where(c).and(ENTERPRISE.EXTRA_ATTRIBUTES.isNotNull())
                .and(EnterpriseService.privateVisible(actor))
                .fetch(ENTERPRISE.EXTRA_ATTRIBUTES)) {
            extraKeys.addAll(enterprises.extras(text).keySet());
        }
        List<String> extras = new ArrayList<>(extraKeys);
        Classifier.Model model = classifier.model();
        int count = 0;
        try {
            Workbook wb = new Workbook(out, "ChainAtlas", "1.0");
            // the sheet XML compresses ~6:1 at the fastest level too; the default level costs several times the CPU
            wb.setCompressionLevel(Deflater.BEST_SPEED);
            Worksheet ws = wb.newWorksheet("企业名录");
            RegistryColumn[] cols = RegistryColumn.values();
            for (int i = 0; i < cols.length; i++) {
                ws.inlineString(0, i, cols[i].header());
            }
            for (int i = 0; i < extras.size(); i++) {
                ws.inlineString(0, cols.length + i, extras.get(i));
            }
            ws.range(0, 0, 0, cols.length + extras.size() - 1).style().bold().set();
            ws.freezePane(0, 1);
            String after = "";
            int row = 1;
            while (true) {
                // only the exported columns, read by position: no record objects, no timestamps or digests converted
                var page = dsl.select(EXPORTED).from(ENTERPRISE).where(c).and(ENTERPRISE.CREDIT_CODE.gt(after))
                        .orderBy(ENTERPRISE.CREDIT_CODE).limit(PAGE).fetch();
                if (page.isEmpty()) {
                    break;
                }
                for (var r : page) {
                    String code = r.get(ENTERPRISE.CREDIT_CODE);
                    String city = r.get(ENTERPRISE.CITY_CODE);
                    boolean full = EnterpriseService.seesPrivate(actor, code, city, Boolean.TRUE.equals(r.get(ENTERPRISE.PUBLIC_CONSENT)));
                    text(ws, row, 0, code);
                    text(ws, row, 1, r.get(ENTERPRISE.NAME));
                    text(ws, row, 2, cities.label(city, r.get(ENTERPRISE.OUTSIDE_PROVINCE)));
                    text(ws, row, 3, r.get(ENTERPRISE.DISTRICT));
                    text(ws, row, 4, r.get(ENTERPRISE.SIZE_CLASS));
                    Boolean above = r.get(ENTERPRISE.ABOVE_SCALE);
                    text(ws, row, 5, above == null ? null : above ? "是" : "否");
                    text(ws, row, 6, r.get(ENTERPRISE.MAIN_PRODUCTS));
                    text(ws, row, 7, nodeNames(model, r.get(ENTERPRISE.EXPLICIT_NODES)));
                    text(ws, row, 8, r.get(ENTERPRISE.CERTIFICATIONS));
                    text(ws, row, 9, r.get(ENTERPRISE.TITLES));
                    number(ws, row, 10, full ? r.get(ENTERPRISE.REVENUE) : null);
                    number(ws, row, 11, full ? r.get(ENTERPRISE.RND_SPENDING) : null);
                    number(ws, row, 12, r.get(ENTERPRISE.EMPLOYEES));
                    number(ws, row, 13, r.get(ENTERPRISE.PATENTS));
                    text(ws, row, 14, capacity(r.get(ENTERPRISE.CAPACITY_VALUE), r.get(ENTERPRISE.CAPACITY_UNIT)));
                    text(ws, row, 15, r.get(ENTERPRISE.TECH_PARAMS));
                    text(ws, row, 16, full ? r.get(ENTERPRISE.CONTACT_NAME) : null);
                    String phone = full ? r.get(ENTERPRISE.CONTACT_PHONE) : null;
                    if (phone != null) {
                        // a phone number stays text in Excel (leading zeros, +86)
                        ws.inlineString(row, 17, phone);
                        ws.style(row, 17).format(TEXT).set();
                    }
                    LocalDate founded = r.get(ENTERPRISE.FOUNDED_ON);
                    if (founded != null) {
                        ws.value(row, 18, founded);
                        ws.style(row, 18).format("yyyy-mm-dd").set();
                    }
                    String extra = r.get(ENTERPRISE.EXTRA_ATTRIBUTES);
                    if (full && extra != null) {
                        Map<String, String> m = enterprises.extras(extra);
                        for (int i = 0; i < extras.size(); i++) {
                            text(ws, row, cols.length + i, m.get(extras.get(i)));
                        }
                    }
                    row++;
                    count++;
                }
                // fastexcel keeps the rows of the sheet in memory until flushed: one page at a time
                ws.flush();
                after = page.get(page.size() - 1).get(ENTERPRISE.CREDIT_CODE);
                if (page.size() < PAGE) {
                    break;
                }
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }

    /**
     * Text as an inline string (a shared-string table would grow with the export). Text that a spreadsheet would take
     * for a formula (= + - @) gets the text format "@", so that editing the cell in Excel or LibreOffice keeps it text;
     * fastexcel has no quote-prefix style, which POI used for the same purpose.
     */
    private static void text(Worksheet ws, int row, int col, String value) {
        if (value != null) {
            ws.inlineString(row, col, value);
            if (formulaLike(value)) {
                ws.style(row, col).format(TEXT).set();
            }
        }
    }

    private static void number(Worksheet ws, int row, int col, Number value) {
        if (value != null) {
            ws.value(row, col, value);
        }
    }

    static boolean formulaLike(String value) {
        return !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0;
    }

    static String nodeNames(Classifier.Model model, String explicit) {
        if (explicit == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (String code : explicit.split(EnterpriseData.SEPARATOR)) {
            String n = model.nodeName(code);
            names.add(n == null ? code : n);
        }
        return String.join(EnterpriseData.SEPARATOR, names);
    }

    static String capacity(BigDecimal value, String unit) {
        if (value == null) {
            return null;
        }
        String v = value.stripTrailingZeros().toPlainString();
        return unit == null ? v : v + unit;
    }
}
