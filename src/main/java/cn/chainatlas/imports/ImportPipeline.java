package cn.chainatlas.imports;

import cn.chainatlas.common.Handoff;

import cn.chainatlas.enterprise.ParsedRegistryRow;
import cn.chainatlas.enterprise.RegistryRowParser;
import cn.chainatlas.excel.HeaderLayout;
import cn.chainatlas.excel.RegistryColumn;
import cn.chainatlas.excel.RowError;

import cn.chainatlas.geo.Cities;
import cn.chainatlas.enterprise.Classifier;
import cn.chainatlas.enterprise.RegistryHistory;
import cn.chainatlas.enterprise.RegistryWriter;
import cn.chainatlas.excel.TableReader;
import cn.chainatlas.common.Text;
import org.jooq.DSLContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One pass over an uploaded file, per shared/PERF-NOTES.md: a reader (two threads: one reads the sheets, one parses,
 * validates and classifies rows) hands chunks of {@value #CHUNK} to the calling thread through a bounded
 * queue; the calling thread first reads the registry's compact index ({@link RegistryWriter.Index}, one streaming
 * pass while the reader parses), decides each row from it (insert / unchanged; only rows whose stored digest differs
 * and name keys another enterprise may share are looked up in the database) and, when committing, saves the previous
 * state and writes the chunk, all in the caller's transaction.
 */
final class ImportPipeline {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ImportPipeline.class);

    static final int CHUNK = 1000;
    static final int MAX_ERRORS_KEPT = 20_000;
    static final int MAX_LISTED = 500;
    /** warnings written out one by one in the notes; the rest are counted in one line */
    static final int MAX_WARNINGS_LISTED = 10;

    /**
     * @param bureauCity the city of a city bureau's upload: rows of enterprises stored under another city are
     *                   refused (null for the province and administrators, who may move enterprises)
     */
    /**
     * @param confirmedNames credit codes whose name change the clerk confirmed (applied at commit; others skipped)
     */
    record Job(long batchId, Path file, String fileName, String scopeCity, boolean scopeFromActor, String bureauCity,
               boolean dryRun, int maxRows, ImportProgress.Tracker progress, java.util.Set<String> confirmedNames) {
    }

    /** Everything the run found. */
    static final class Outcome {
        final ImportCounts counts = new ImportCounts();
        final List<RowError> errors = new ArrayList<>();
        int errorCount;
        long indexNanos;
        long lookupNanos;
        long snapshotNanos;
        long writeNanos;
        long nodeNanos;
        long waitNanos;
        final List<ImportResult.Unclassified> unclassified = new ArrayList<>();
        /** sheets whose missing columns the notes already named (keepAbsentColumns) */
        final java.util.Set<String> keptNoted = new java.util.HashSet<>();
        final List<ImportResult.Duplicate> duplicates = new ArrayList<>();
        /** what the clerk should know about the file as a whole: the sheet read, hidden sheets skipped, units converted */
        final List<String> notes = new ArrayList<>();
        /** rows taken as they are that the clerk should check (a code that may have lost digits), for the notes */
        final List<RowError> warnings = new ArrayList<>();
        int warningCount;
        /** stored codes the file gives another name; applied at commit only when confirmed */
        final List<ImportResult.NameChange> nameChanges = new ArrayList<>();

        void error(RowError e) {
            errorCount++;
            if (errors.size() < MAX_ERRORS_KEPT) {
                errors.add(e);
            }
        }

        void duplicate(ImportResult.Duplicate d) {
            counts.duplicates++;
            if (duplicates.size() < MAX_ERRORS_KEPT) {
                duplicates.add(d);
            }
        }
    }

    private record NameDuplicates(List<ImportResult.Duplicate> list) {
    }

    private record End(Map<String, long[]> duplicatedCodes, List<String> sheets, List<String> notes) {
    }

    private static final byte INSERT = 1;
    private static final byte UPDATE = 2;
    private static final byte UNCHANGED = 3;

    private final Cities cities;
    private final Classifier.Model model;
    private final RegistryWriter writer;
    private final RegistryHistory history;

    ImportPipeline(Cities cities, Classifier.Model model, RegistryWriter writer, RegistryHistory history) {
        this.cities = cities;
        this.model = model;
        this.writer = writer;
        this.history = history;
    }

    /** Runs the job; {@code tx} is the transaction (commit) or the plain context (dry run, reads only). */
    Outcome run(Job job, DSLContext tx) {
        Reader reader = new Reader(job);
        Handoff queue = reader.queue;
        Thread thread = new Thread(reader, "import-reader-" + job.batchId());
        thread.setDaemon(true);
        thread.start();
        Outcome out = new Outcome();
        Map<String, Byte> outcomes = new HashMap<>();
        try {
            // while the reader parses the first chunks: what the registry holds, read once
            long i0 = System.nanoTime();
            RegistryWriter.Index index = writer.index(tx);
            out.indexNanos = System.nanoTime() - i0;
            while (true) {
                long w = System.nanoTime();
                Object item = queue.poll(1, TimeUnit.SECONDS);
                out.waitNanos += System.nanoTime() - w;
                if (item == null) {
                    if (!thread.isAlive() && !reader.rowsAlive() && queue.isEmpty()) {
                        throw new IllegalStateException("import reader stopped without a result");
                    }
                    continue;
                }
                if (item instanceof Throwable t) {
                    if (t instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(t);
                }
                if (item instanceof NameDuplicates nd) {
                    nd.list().forEach(out::duplicate);
                    continue;
                }
                if (item instanceof End end) {
                    out.notes.addAll(end.notes());
                    out.notes.addAll(warningNotes(job, out));
                    finish(job, tx, out, outcomes, end);
                    LOG.info("Import batch {}: {} rows; writer spent {} ms reading the registry's index ({} enterprises), {} ms waiting for the reader, {} ms on lookups, {} ms saving previous states, {} ms writing enterprises, {} ms writing their nodes; the reader's CPU time: sheet thread {} ms, row thread {} ms",
                            job.batchId(), out.counts.rowsTotal, out.indexNanos / 1_000_000, index.size(),
                            out.waitNanos / 1_000_000, out.lookupNanos / 1_000_000,
                            out.snapshotNanos / 1_000_000, out.writeNanos / 1_000_000, out.nodeNanos / 1_000_000,
                            reader.sheetCpuNanos / 1_000_000, reader.rowCpuNanos / 1_000_000);
                    return out;
                }
                @SuppressWarnings("unchecked")
                List<ParsedRegistryRow> chunk = (List<ParsedRegistryRow>) item;
                write(job, tx, index, out, outcomes, chunk);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("import interrupted", e);
        } finally {
            reader.cancelled = true;
            queue.clear();
        }
    }

    private void write(Job job, DSLContext tx, RegistryWriter.Index index, Outcome out, Map<String, Byte> outcomes,
                       List<ParsedRegistryRow> chunk) {
        ImportCounts c = out.counts;
        List<ParsedRegistryRow> valid = new ArrayList<>(chunk.size());
        for (ParsedRegistryRow r : chunk) {
            c.rowsTotal++;
            if (r.valid()) {
                valid.add(r);
            } else {
                c.rowsRejected++;
                for (RowError e : r.errors) {
                    out.error(e);
                }
            }
        }
        long t0 = System.nanoTime();
        keepAbsentColumns(tx, index, out, valid);
        // the index decides a stored row whose digest is the file's (and whose city the uploader may write) and a
        // name key no other enterprise has; only the rest is looked up, so an unchanged re-upload asks nothing
        boolean[] same = new boolean[valid.size()];
        List<String> codes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < valid.size(); i++) {
            ParsedRegistryRow r = valid.get(i);
            String code = r.data.creditCode();
            int e = index.find(code);
            if (e >= 0) {
                same[i] = index.sameDigest(e, r.hash) && (job.bureauCity() == null || job.bureauCity().equals(index.city(e)));
                if (!same[i]) {
                    codes.add(code);
                }
            }
            if (index.othersNamed(r.nameKey, code)) {
                keys.add(r.nameKey);
            }
        }
        Map<String, RegistryWriter.Stored> stored = codes.isEmpty() ? java.util.Collections.emptyMap() : writer.stored(tx, codes);
        Map<String, Map<String, String>> sameName = keys.isEmpty() ? java.util.Collections.emptyMap() : writer.byNameKeys(tx, keys);
        out.lookupNanos += System.nanoTime() - t0;
        List<String> updated = new ArrayList<>();
        List<RegistryWriter.Row> toInsert = new ArrayList<>();
        List<RegistryWriter.Row> toUpdate = new ArrayList<>();
        for (int i = 0; i < valid.size(); i++) {
            ParsedRegistryRow r = valid.get(i);
            String code = r.data.creditCode();
            RegistryWriter.Stored s = same[i] ? null : stored.get(code);
            if (s != null && job.bureauCity() != null && !job.bureauCity().equals(s.cityCode())) {
                // a city bureau's file must not take over (rename, move, overwrite) another city's enterprise
                c.rowsRejected++;
                String where = s.cityCode() != null ? cities.name(s.cityCode()) : "省外" + (s.outsideProvince() == null ? "" : "-" + s.outsideProvince());
                out.error(new RowError(r.sheet, r.rowNo, r.codeHeader, "CITY_NOT_ALLOWED", "统一社会信用代码「" + code
                        + "」已在名录中，登记为" + where + "的「" + s.name() + "」；本账号只能修改" + cities.name(job.bureauCity())
                        + "的企业。如该企业已迁入本市，请联系省工信厅办理迁移"));
                continue;
            }
            c.rowsValid++;
            if (r.warning != null) {
                out.warningCount++;
                if (out.warnings.size() < MAX_WARNINGS_LISTED) {
                    out.warnings.add(r.warning);
                }
            }
            String h = s == null ? null : s.hash();
            byte o = same[i] ? UNCHANGED : h == null ? INSERT : h.equals(r.hash) ? UNCHANGED : UPDATE;
            if (o == UPDATE && !cn.chainatlas.enterprise.EnterpriseNames.key(s.name()).equals(r.nameKey)) {
                // the same code under another name may be another enterprise (a typo in the code): a person decides
                boolean confirmed = job.confirmedNames().contains(code);
                if (out.nameChanges.size() < MAX_LISTED) {
                    out.nameChanges.add(new ImportResult.NameChange(r.sheet, r.rowNo, code, s.name(), r.data.name(), confirmed));
                }
                if (!confirmed) {
                    c.skipped++;
                    continue;
                }
            }
            if (o == UPDATE && s.leader() && !r.data.leader()) {
                // a title list without 链主 ends the leadership: imported as the file says, and said (it was silent)
                out.warningCount++;
                if (out.warnings.size() < MAX_WARNINGS_LISTED) {
                    out.warnings.add(new RowError(r.sheet, r.rowNo, r.parser.titlesHeader(),
                            "LEADER_TITLE_DROPPED", "企业称号中没有“链主”：「" + s.name() + "」将不再是链主，其链主认定和链主账号的需求登记随之停止；"
                            + "如仍是链主，请在企业称号中保留“链主”"));
                }
            }
            outcomes.put(code, o);
            switch (o) {
                case INSERT -> {
                    c.inserts++;
                    toInsert.add(new RegistryWriter.Row(r.data, r.nodes, r.hash, r.nameKey));
                }
                case UPDATE -> {
                    c.updates++;
                    updated.add(code);
                    toUpdate.add(new RegistryWriter.Row(r.data, r.nodes, r.hash, r.nameKey));
                }
                default -> c.unchanged++;
            }
            if (r.nodes.isEmpty()) {
                c.unclassified++;
                if (out.unclassified.size() < MAX_LISTED) {
                    out.unclassified.add(new ImportResult.Unclassified(r.sheet, r.rowNo, code, r.data.name(), r.data.mainProducts()));
                }
            }
            Map<String, String> others = sameName.get(r.nameKey);
            if (others != null) {
                for (Map.Entry<String, String> e : others.entrySet()) {
                    if (!e.getKey().equals(code) && !outcomes.containsKey(e.getKey())) {
                        out.duplicate(new ImportResult.Duplicate(r.rowNo, code, r.data.name(), e.getKey(), e.getValue(), "REGISTRY"));
                    }
                }
            }
        }
        if (!job.dryRun() && (!toInsert.isEmpty() || !toUpdate.isEmpty())) {
            long t1 = System.nanoTime();
            history.snapshot(tx, job.batchId(), updated);
            long t2 = System.nanoTime();
            writer.upsert(tx, toInsert, toUpdate, job.batchId());
            long t3 = System.nanoTime();
            writer.insertNodes(tx, toInsert, toUpdate);
            out.snapshotNanos += t2 - t1;
            out.writeNanos += t3 - t2;
            out.nodeNanos += System.nanoTime() - t3;
        }
        job.progress().rowsWritten += chunk.size();
    }

    /**
     * Rows of a sheet without some template columns that update a stored enterprise take those columns' fields from
     * the registry (RegistryRowParser#keepAbsent), read for those rows only (a sheet with every column reads nothing
     * more); the notes say once per sheet which fields were kept.
     */
    private void keepAbsentColumns(DSLContext tx, RegistryWriter.Index index, Outcome out, List<ParsedRegistryRow> valid) {
        List<String> codes = new ArrayList<>();
        for (ParsedRegistryRow r : valid) {
            if (r.parser.partial() && index.find(r.data.creditCode()) >= 0) {
                codes.add(r.data.creditCode());
            }
        }
        if (codes.isEmpty()) {
            return;
        }
        Map<String, cn.chainatlas.enterprise.EnterpriseData> stored = writer.data(tx, codes);
        for (ParsedRegistryRow r : valid) {
            cn.chainatlas.enterprise.EnterpriseData s = r.parser.partial() ? stored.get(r.data.creditCode()) : null;
            if (s != null) {
                r.parser.keepAbsent(r, s);
                if (out.keptNoted.add(r.sheet)) {
                    out.notes.add("工作表「" + r.sheet + "」没有「" + String.join("」「", r.parser.absentHeaders())
                            + "」列：名录中已有企业的这些信息保持原样，不会被清空（新企业的这些信息为空）");
                }
            }
        }
    }

    /**
     * Warnings go with the notes (the answer's {@code notes}, the imports page's list, kept with the batch), where the
     * clerk reads what to know about a file that is not an error: a warned row is imported, so it must not be counted
     * as rejected nor land in errors.xlsx. Each names file, sheet, row and column; beyond a few, one line counts the
     * rest, as the notes are kept in one bounded text.
     */
    private static List<String> warningNotes(Job job, Outcome out) {
        List<String> notes = new ArrayList<>();
        for (RowError w : out.warnings) {
            notes.add("文件「" + job.fileName() + "」工作表「" + w.sheet() + "」第 " + w.row() + " 行「" + w.column() + "」列："
                    + w.message() + (job.dryRun() ? "（不影响提交）" : "（已按此代码导入；如有误，请更正后重新导入或回滚本批次）"));
        }
        if (out.warningCount > out.warnings.size()) {
            notes.add("另有 " + (out.warningCount - out.warnings.size()) + " 行的统一社会信用代码同样全是数字且以 000 结尾，请一并核对");
        }
        return notes;
    }

    private void finish(Job job, DSLContext tx, Outcome out, Map<String, Byte> outcomes, End end) {
        ImportCounts c = out.counts;
        List<String> restore = new ArrayList<>();
        for (Map.Entry<String, long[]> e : end.duplicatedCodes().entrySet()) {
            long first = e.getValue()[0];
            int firstRow = (int) ((first >> 1) & 0x7FFFFFFFL);
            String sheet = end.sheets().get((int) (first >>> 32));
            out.error(new RowError(sheet, firstRow, "统一社会信用代码", "DUPLICATE_CODE",
                    "统一社会信用代码「" + e.getKey() + "」在文件中出现多次（第 " + firstRow + " 行和第 " + e.getValue()[1]
                            + " 行），请核对后只保留一行"));
            if ((first & 1) == 1) {
                Byte o = outcomes.remove(e.getKey());
                if (o != null) {
                    c.rowsValid--;
                    c.rowsRejected++;
                    switch (o) {
                        case INSERT -> c.inserts--;
                        case UPDATE -> c.updates--;
                        default -> c.unchanged--;
                    }
                    if (o != UNCHANGED) {
                        restore.add(e.getKey());
                    }
                    out.unclassified.removeIf(u -> u.creditCode().equals(e.getKey()));
                }
            }
        }
        if (!job.dryRun() && !restore.isEmpty()) {
            history.restore(tx, job.batchId(), restore);
        }
    }

    /** A data row as the sheet gave it, on its way from the sheet thread to the row thread. */
    private record RawRow(String sheet, int sheetIndex, int rowNo, String[] cells, byte[] kinds, HeaderLayout layout) {
    }

    /** A sheet's header found: the rows after it are parsed with a parser of this layout. */
    private record HeaderFound(HeaderLayout layout) {
    }

    /** The sheet thread is done: the sheets it read and what the clerk should know about the file. */
    private record SheetsRead(List<String> sheets, List<String> notes) {
    }

    /**
     * The reader, on two threads so that both cores work while the writer waits (a dry run, an unchanged re-upload):
     * the sheet thread ({@link #run}) has the shared {@link TableReader} find each sheet's header and hand over data
     * rows, which it passes on in chunks; the row thread ({@link RowThread}) parses, validates and classifies them in
     * file order, finds codes and names given twice, and hands chunks to the writer.
     */
    private final class Reader implements Runnable, TableReader.Rows {
        private final Job job;
        volatile boolean cancelled;
        /** parsed chunks (and the end) to the writer */
        final Handoff queue = new Handoff(4, () -> cancelled);
        /** the sheet thread's raw rows to the row thread */
        private final Handoff raw = new Handoff(4, () -> cancelled);
        /** CPU time of the sheet thread and of the row thread, set as each hands over its last item (for the log) */
        volatile long sheetCpuNanos;
        volatile long rowCpuNanos;

        private final List<String> sheets = new ArrayList<>();
        private int sheetIndex = -1;
        private long estimateBase;
        private List<RawRow> rawChunk = new ArrayList<>(CHUNK);
        private volatile Thread rowThread;

        Reader(Job job) {
            this.job = job;
        }

        /** Whether the row thread was started and still runs. */
        boolean rowsAlive() {
            Thread t = rowThread;
            return t != null && t.isAlive();
        }

        /** Starts the row thread, then reads the sheets on the calling thread. */
        @Override
        public void run() {
            Thread rows = new Thread(new RowThread(), "import-rows-" + job.batchId());
            rows.setDaemon(true);
            rowThread = rows;
            rows.start();
            try {
                TableReader table = new TableReader(RegistryColumn.SCHEMA,
                        job.scopeCity() != null ? List.of(RegistryColumn.CITY) : List.of(), job.maxRows(), this);
                table.read(job.file(), job.fileName());
                flushRaw();
                sheetCpuNanos = cpuNanos();
                raw.put(new SheetsRead(sheets, table.notes()));
            } catch (Handoff.Cancelled e) {
                // the writer failed or finished; it reports why
            } catch (Throwable t) {
                raw.fail(t);
            }
        }

        @Override
        public void sheetStarted(String name, int estimatedRows) {
            if (cancelled) {
                throw new Handoff.Cancelled();
            }
            sheets.add(name);
            sheetIndex++;
            if (estimatedRows > 0) {
                estimateBase += estimatedRows;
                job.progress().estimated = estimateBase;
            }
        }

        @Override
        public void header(HeaderLayout layout) {
            flushRaw();
            raw.put(new HeaderFound(layout));
        }

        @Override
        public void row(String sheet, int rowNo, String[] cells, byte[] kinds, HeaderLayout layout) {
            if (cancelled) {
                throw new Handoff.Cancelled();
            }
            // copies: a reader may reuse its arrays for the next row, and this row is parsed on another thread
            rawChunk.add(new RawRow(sheet, sheetIndex, rowNo, cells.clone(), kinds.clone(), layout));
            job.progress().rowsRead++;
            if (rawChunk.size() >= CHUNK) {
                flushRaw();
            }
        }

        private void flushRaw() {
            if (!rawChunk.isEmpty()) {
                raw.put(rawChunk);
                rawChunk = new ArrayList<>(CHUNK);
            }
        }

        /** The row thread: raw rows in, parsed chunks out to the writer, in file order. */
        private final class RowThread implements Runnable {
            private RegistryRowParser parser;
            private List<ParsedRegistryRow> chunk = new ArrayList<>(CHUNK);
            private final Map<String, Long> firstByCode = new HashMap<>();
            private final Map<String, long[]> duplicated = new LinkedHashMap<>();
            private final Map<String, String[]> firstByName = new HashMap<>();
            private final List<ImportResult.Duplicate> nameDuplicates = new ArrayList<>();

            @Override
            public void run() {
                try {
                    while (true) {
                        Object item = raw.poll(200, TimeUnit.MILLISECONDS);
                        if (cancelled) {
                            throw new Handoff.Cancelled();
                        }
                        if (item == null) {
                            continue;
                        }
                        if (item instanceof Throwable t) {
                            throw t;
                        }
                        if (item instanceof HeaderFound h) {
                            parser = new RegistryRowParser(h.layout(), cities, model, job.scopeCity(), job.scopeFromActor());
                            continue;
                        }
                        if (item instanceof SheetsRead end) {
                            flush();
                            rowCpuNanos = cpuNanos();
                            // name duplicates found within the file go through the queue in the final chunk's company
                            queue.put(new NameDuplicates(nameDuplicates));
                            queue.put(new End(duplicated, end.sheets(), end.notes()));
                            return;
                        }
                        @SuppressWarnings("unchecked")
                        List<RawRow> rows = (List<RawRow>) item;
                        for (RawRow r : rows) {
                            row(r);
                        }
                    }
                } catch (Handoff.Cancelled e) {
                    // the writer failed or finished; it reports why
                } catch (Throwable t) {
                    cancelled = true;
                    queue.fail(t);
                }
            }

            private void row(RawRow raw) {
                String sheet = raw.sheet();
                int rowNo = raw.rowNo();
                ParsedRegistryRow r = parser.parse(sheet, rowNo, raw.cells(), raw.kinds());
                if (r.data != null) {
                    String code = r.data.creditCode();
                    long info = ((long) raw.sheetIndex() << 32) | ((long) rowNo << 1) | (r.valid() ? 1 : 0);
                    Long first = firstByCode.putIfAbsent(code, info);
                    if (first != null) {
                        int firstRow = (int) ((first >> 1) & 0x7FFFFFFFL);
                        duplicated.putIfAbsent(code, new long[]{first, rowNo});
                        if (r.errors == null) {
                            r.errors = new ArrayList<>(1);
                        }
                        r.errors.add(new RowError(sheet, rowNo, raw.layout().header(cn.chainatlas.excel.RegistryColumn.CREDIT_CODE),
                                "DUPLICATE_CODE", "统一社会信用代码「" + code + "」与第 " + firstRow + " 行重复（同一文件中出现两次）"));
                    }
                }
                if (r.valid() && r.nameKey != null && !r.nameKey.isEmpty()) {
                    String code = r.data.creditCode();
                    String[] seen = firstByName.putIfAbsent(r.nameKey, new String[]{code, r.data.name()});
                    if (seen != null && !seen[0].equals(code) && nameDuplicates.size() < MAX_ERRORS_KEPT) {
                        nameDuplicates.add(new ImportResult.Duplicate(rowNo, code, r.data.name(), seen[0], seen[1], "FILE"));
                    }
                }
                chunk.add(r);
                if (chunk.size() >= CHUNK) {
                    flush();
                }
            }

            private void flush() {
                if (!chunk.isEmpty()) {
                    queue.put(chunk);
                    chunk = new ArrayList<>(CHUNK);
                }
            }
        }
    }

    /** The calling thread's CPU time so far, or 0 where the JVM does not measure it. */
    private static long cpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return mx.isCurrentThreadCpuTimeSupported() ? Math.max(0, mx.getCurrentThreadCpuTime()) : 0;
    }

}
