package cn.chainatlas.enterprise;

import cn.chainatlas.geo.Cities;

import cn.chainatlas.excel.RegistryColumn;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Handoff;
import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.jooq.DSLContext;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>
 * Two threads share the work, one per core (issue 15): a reader runs the streaming read and turns each row into the
 * cell values the sheet shows (privacy applied, city and node names, capacities, the extra columns' map), handing
 * them over in pages of {@value #HANDOFF} rows through a queue of {@value #QUEUED} pages; the calling thread writes
 * the sheet XML and deflates it. The queue bounds what is in flight to a few thousand rows, so memory stays flat.
 */
@Singleton
public class RegistryExport {

    private static final int PAGE = 5000;
    /** rows per page handed from the reader thread to the writer */
    static final int HANDOFF = 500;
    /** pages in flight between the two threads */
    private static final int QUEUED = 4;
    private static final String TEXT = "@";
    private static final String DATE = "yyyy-mm-dd";
    /** the fixed columns (the template's), each row's extra columns' map after them */
    private static final int FIXED = RegistryColumn.values().length;
    private static final int PHONE = RegistryColumn.CONTACT_PHONE.ordinal();
    private static final int FOUNDED = RegistryColumn.FOUNDED_ON.ordinal();
    private static final List<org.jooq.Field<?>> EXPORTED = List.of(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, ENTERPRISE.CITY_CODE,
            ENTERPRISE.OUTSIDE_PROVINCE, ENTERPRISE.DISTRICT, ENTERPRISE.SIZE_CLASS, ENTERPRISE.ABOVE_SCALE, ENTERPRISE.MAIN_PRODUCTS,
            ENTERPRISE.EXPLICIT_NODES, ENTERPRISE.CERTIFICATIONS, ENTERPRISE.TITLES, ENTERPRISE.REVENUE, ENTERPRISE.RND_SPENDING,
            ENTERPRISE.EMPLOYEES, ENTERPRISE.PATENTS, ENTERPRISE.CAPACITY_VALUE, ENTERPRISE.CAPACITY_UNIT, ENTERPRISE.TECH_PARAMS,
            ENTERPRISE.CONTACT_NAME, ENTERPRISE.CONTACT_PHONE, ENTERPRISE.FOUNDED_ON, ENTERPRISE.EXTRA_ATTRIBUTES,
            ENTERPRISE.PUBLIC_CONSENT);
    /** column widths in characters, in the order of {@link RegistryColumn} */
    private static final double[] WIDTHS = {22, 32, 12, 12, 9, 9, 40, 24, 24, 24, 15, 15, 10, 13, 12, 24, 10, 16, 12};
    /** the end of the reader's pages */
    private static final Object END = new Object();

    private final DSLContext dsl;
    private final EnterpriseService enterprises;
    private final Cities cities;
    private final Classifier classifier;
    private final SearchIndex searchIndex;
    /** the server's executor for blocking work, where each export's reader runs */
    private final java.util.concurrent.ExecutorService blocking;

    RegistryExport(DSLContext dsl, EnterpriseService enterprises, Cities cities, Classifier classifier, SearchIndex searchIndex,
                   @jakarta.inject.Named(io.micronaut.scheduling.TaskExecutors.BLOCKING) java.util.concurrent.ExecutorService blocking) {
        this.dsl = dsl;
        this.blocking = blocking;
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
            return write(actor, filter, out, HANDOFF);
        }
    }

    /** As {@link #export}, with pages of {@code handoff} rows between the threads (tests cross many pages with few rows). */
    int write(Actor actor, EnterpriseFilter filter, OutputStream out, int handoff) {
        Condition c = enterprises.condition(filter);
        Reader reader = new Reader(actor, c, classifier.model(), handoff);
        // the rows start coming while this thread finds the extra columns' headers (a scan of its own); the reader runs
        // on the framework's executor for blocking work, which owns and shuts down its threads
        blocking.execute(reader);
        try {
            List<String> extras = extraKeys(actor, c);
            // the sheet is deflated on the way: a buffer keeps the 512-byte pieces the deflater hands on off the file
            BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            Workbook wb = new Workbook(buffered, "ChainAtlas", "1.0");
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
            // widths given: fastexcel would otherwise measure every cell of the first page for them (a twentieth of the
            // writer's time in a profile of the 100,000-row export)
            for (int i = 0; i < cols.length + extras.size(); i++) {
                ws.width(i, i < WIDTHS.length ? WIDTHS[i] : 16);
            }
            ws.range(0, 0, 0, cols.length + extras.size() - 1).style().bold().set();
            ws.freezePane(0, 1);
            int count = rows(reader, extras, ws);
            wb.finish();
            // fastexcel finishes the zip without flushing what it wrote to
            buffered.flush();
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            // the reader stops at its next page when the writer failed (a download broken off, the disk full)
            reader.cancelled = true;
            reader.pages.clear();
        }
    }

    /** The extra columns' headers, from rows the actor may see in full only: the others' are private. */
    private List<String> extraKeys(Actor actor, Condition c) {
        Set<String> extraKeys = new LinkedHashSet<>();
        for (String text : dsl.select(ENTERPRISE.EXTRA_ATTRIBUTES).from(ENTERPRISE).where(c).and(ENTERPRISE.EXTRA_ATTRIBUTES.isNotNull())
                .and(EnterpriseService.privateVisible(actor))
                .fetch(ENTERPRISE.EXTRA_ATTRIBUTES)) {
            extraKeys.addAll(enterprises.extras(text).keySet());
        }
        return new ArrayList<>(extraKeys);
    }

    /**
     * Writes the reader's rows from sheet row 1 on, flushing the sheet every {@value #PAGE} rows so memory stays flat.
     * The phone and date columns get their number format once per run of rows that have a value there, not once per
     * cell (a style set is a lookup in the workbook's style cache).
     */
    private int rows(Reader reader, List<String> extras, Worksheet ws) throws IOException {
        int row = 1;
        int phoneFrom = -1;
        int dateFrom = -1;
        int pageStart = 1;
        while (true) {
            Object item = reader.take();
            if (item == END) {
                break;
            }
            for (Object[] v : (Object[][]) item) {
                if (v == null) {
                    break;
                }
                for (int col = 0; col < FIXED; col++) {
                    Object value = v[col];
                    if (col == PHONE) {
                        if (value != null) {
                            // a phone number stays text in Excel (leading zeros, +86)
                            ws.inlineString(row, col, (String) value);
                            phoneFrom = phoneFrom < 0 ? row : phoneFrom;
                        } else {
                            phoneFrom = style(ws, phoneFrom, row - 1, col, TEXT);
                        }
                    } else if (col == FOUNDED) {
                        if (value != null) {
                            ws.value(row, col, (LocalDate) value);
                            dateFrom = dateFrom < 0 ? row : dateFrom;
                        } else {
                            dateFrom = style(ws, dateFrom, row - 1, col, DATE);
                        }
                    } else if (value instanceof String s) {
                        text(ws, row, col, s);
                    } else if (value != null) {
                        ws.value(row, col, (Number) value);
                    }
                }
                @SuppressWarnings("unchecked")
                Map<String, String> m = (Map<String, String>) v[FIXED];
                if (m != null) {
                    for (int i = 0; i < extras.size(); i++) {
                        text(ws, row, FIXED + i, m.get(extras.get(i)));
                    }
                }
                if (row - pageStart + 1 == PAGE) {
                    phoneFrom = style(ws, phoneFrom, row, PHONE, TEXT);
                    dateFrom = style(ws, dateFrom, row, FOUNDED, DATE);
                    // fastexcel keeps the rows of the sheet in memory until flushed: one page at a time
                    ws.flush();
                    pageStart = row + 1;
                }
                row++;
            }
        }
        style(ws, phoneFrom, row - 1, PHONE, TEXT);
        style(ws, dateFrom, row - 1, FOUNDED, DATE);
        return row - 1;
    }

    /**
     * The reader thread: one streaming read in key order (db.StreamedQuery), each row turned into the sheet's cell
     * values — {@link #FIXED} cells (String, Number or LocalDate; null for none or private) and the extra columns'
     * map (null for none or private) — handed over in pages; then {@link #END}, or the failure.
     */
    private final class Reader implements Runnable {
        volatile boolean cancelled;
        final Handoff pages = new Handoff(QUEUED, () -> cancelled);
        private final Actor actor;
        private final Condition condition;
        private final Classifier.Model model;
        private final int handoff;
        /** explicit node codes → their names: a registry repeats few combinations */
        private final Map<String, String> nodeNames = new HashMap<>();

        Reader(Actor actor, Condition condition, Classifier.Model model, int handoff) {
            this.actor = actor;
            this.condition = condition;
            this.model = model;
            this.handoff = handoff;
        }

        @Override
        public void run() {
            try {
                var query = dsl.select(EXPORTED).from(ENTERPRISE).where(condition).orderBy(ENTERPRISE.CREDIT_CODE);
                cn.chainatlas.db.StreamedQuery.stream(dsl, query, this::read);
                pages.put(END);
            } catch (Handoff.Cancelled e) {
                // the writer failed; it reports why
            } catch (Throwable t) {
                pages.fail(t);
            }
        }

        /** The next page, {@link #END}, or the reader's failure thrown here. */
        Object take() {
            try {
                Object item = pages.take();
                if (item instanceof Throwable t) {
                    if (t instanceof RuntimeException r) {
                        throw r;
                    }
                    if (t instanceof Error e) {
                        throw e;
                    }
                    throw new IllegalStateException("registry export: the read failed", t);
                }
                return item;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("registry export interrupted", e);
            }
        }


        private void read(java.sql.ResultSet r) throws java.sql.SQLException {
            Object[][] page = new Object[handoff][];
            int n = 0;
            while (r.next()) {
                page[n++] = row(r);
                if (n == handoff) {
                    pages.put(page);
                    page = new Object[handoff][];
                    n = 0;
                }
            }
            if (n > 0) {
                // a short last page ends at its first null
                pages.put(page);
            }
        }

        /** One row's cells (the columns of {@link #EXPORTED}, in order). */
        private Object[] row(java.sql.ResultSet r) throws java.sql.SQLException {
            Object[] v = new Object[FIXED + 1];
            String code = r.getString(1);
            String city = r.getString(3);
            boolean full = EnterpriseService.seesPrivate(actor, code, city, r.getBoolean(23));
            v[0] = code;
            v[1] = r.getString(2);
            v[2] = cities.label(city, r.getString(4));
            v[3] = r.getString(5);
            v[4] = r.getString(6);
            boolean above = r.getBoolean(7);
            v[5] = r.wasNull() ? null : above ? "是" : "否";
            v[6] = r.getString(8);
            String explicit = r.getString(9);
            v[7] = explicit == null ? null : nodeNames.computeIfAbsent(explicit, e -> nodeNames(model, e));
            v[8] = r.getString(10);
            v[9] = r.getString(11);
            if (full) {
                v[10] = r.getBigDecimal(12);
                v[11] = r.getBigDecimal(13);
            }
            v[12] = integer(r, 14);
            v[13] = integer(r, 15);
            v[14] = capacity(r.getBigDecimal(16), r.getString(17));
            v[15] = r.getString(18);
            if (full) {
                v[16] = r.getString(19);
                v[17] = r.getString(20);
            }
            v[18] = r.getObject(21, LocalDate.class);
            if (full) {
                String extra = r.getString(22);
                if (extra != null) {
                    v[FIXED] = enterprises.extras(extra);
                }
            }
            return v;
        }
    }

    /** The reader's way out when the writer has given up. */
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
