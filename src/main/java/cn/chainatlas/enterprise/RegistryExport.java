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
 * flat) from one streaming read. Text that a spreadsheet would take for a formula (starting with = + - @) is written
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
    private final SearchIndex searchIndex;

    RegistryExport(DSLContext dsl, EnterpriseService enterprises, Cities cities, Classifier classifier, SearchIndex searchIndex) {
        this.dsl = dsl;
        this.searchIndex = searchIndex;
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
        // the search index's background round waits while the person waits for this file
        try (SearchIndex.Hold hold = searchIndex.holdForTransfer()) {
            return write(actor, filter, out);
        }
    }

    private int write(Actor actor, EnterpriseFilter filter, OutputStream out) {
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
            // one streaming read in key order (db.StreamedQuery): the server sends rows while this thread writes
            // them, where keyset pages left one of the two idle in turn
            var query = dsl.select(EXPORTED).from(ENTERPRISE).where(c).orderBy(ENTERPRISE.CREDIT_CODE);
            int[] written = {0};
            cn.chainatlas.db.StreamedQuery.stream(dsl, query, r -> written[0] = rows(actor, model, extras, cols.length, ws, r));
            count = written[0];
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }

    /**
     * Writes the rows of {@code r} (the columns of {@link #EXPORTED}, in order) from sheet row 1 on, flushing the sheet
     * every {@value #PAGE} rows so memory stays flat. The phone and date columns get their number format once per run
     * of rows that have a value there, not once per cell (a style set is a lookup in the workbook's style cache).
     */
    private int rows(Actor actor, Classifier.Model model, List<String> extras, int fixed, Worksheet ws, java.sql.ResultSet r)
            throws java.sql.SQLException, IOException {
        int row = 1;
        int phoneFrom = -1;
        int dateFrom = -1;
        int pageStart = 1;
        while (r.next()) {
            String code = r.getString(1);
            String city = r.getString(3);
            boolean full = EnterpriseService.seesPrivate(actor, code, city, r.getBoolean(23));
            text(ws, row, 0, code);
            text(ws, row, 1, r.getString(2));
            text(ws, row, 2, cities.label(city, r.getString(4)));
            text(ws, row, 3, r.getString(5));
            text(ws, row, 4, r.getString(6));
            boolean above = r.getBoolean(7);
            text(ws, row, 5, r.wasNull() ? null : above ? "是" : "否");
            text(ws, row, 6, r.getString(8));
            text(ws, row, 7, nodeNames(model, r.getString(9)));
            text(ws, row, 8, r.getString(10));
            text(ws, row, 9, r.getString(11));
            number(ws, row, 10, full ? r.getBigDecimal(12) : null);
            number(ws, row, 11, full ? r.getBigDecimal(13) : null);
            number(ws, row, 12, integer(r, 14));
            number(ws, row, 13, integer(r, 15));
            text(ws, row, 14, capacity(r.getBigDecimal(16), r.getString(17)));
            text(ws, row, 15, r.getString(18));
            text(ws, row, 16, full ? r.getString(19) : null);
            String phone = full ? r.getString(20) : null;
            if (phone != null) {
                // a phone number stays text in Excel (leading zeros, +86)
                ws.inlineString(row, 17, phone);
                phoneFrom = phoneFrom < 0 ? row : phoneFrom;
            } else {
                phoneFrom = style(ws, phoneFrom, row - 1, 17, TEXT);
            }
            LocalDate founded = r.getObject(21, LocalDate.class);
            if (founded != null) {
                ws.value(row, 18, founded);
                dateFrom = dateFrom < 0 ? row : dateFrom;
            } else {
                dateFrom = style(ws, dateFrom, row - 1, 18, "yyyy-mm-dd");
            }
            String extra = r.getString(22);
            if (full && extra != null) {
                Map<String, String> m = enterprises.extras(extra);
                for (int i = 0; i < extras.size(); i++) {
                    text(ws, row, fixed + i, m.get(extras.get(i)));
                }
            }
            if (row - pageStart + 1 == PAGE) {
                phoneFrom = style(ws, phoneFrom, row, 17, TEXT);
                dateFrom = style(ws, dateFrom, row, 18, "yyyy-mm-dd");
                // fastexcel keeps the rows of the sheet in memory until flushed: one page at a time
                ws.flush();
                pageStart = row + 1;
            }
            row++;
        }
        style(ws, phoneFrom, row - 1, 17, TEXT);
        style(ws, dateFrom, row - 1, 18, "yyyy-mm-dd");
        return row - 1;
    }

    /** Gives rows {@code from}–{@code to} of the column the format (when {@code from} ≥ 0); returns -1, no run open. */
    private static int style(Worksheet ws, int from, int to, int col, String format) {
        if (from >= 0 && to >= from) {
            ws.range(from, col, to, col).style().format(format).set();
        }
        return -1;
    }

    private static Integer integer(java.sql.ResultSet r, int col) throws java.sql.SQLException {
        int v = r.getInt(col);
        return r.wasNull() ? null : v;
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
