package cn.chainatlas.report;

import cn.chainatlas.RuntimeSettings;
import cn.chainatlas.common.BadInput;
import cn.chainatlas.common.Forbidden;
import cn.chainatlas.common.NotFound;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Gap reports: the workbook, the Word report and the print view of one chain and region (or the province's
 * overview of all chains, {@code chain=all}), each download kept in the report history with its file.
 */
@Singleton
public class ReportService {

    /** What a download is: its file name and where the file was kept. */
    public record Download(String fileName, Path file) {
    }

    private final GapReportAssembler assembler;
    private final ReportHistory history;
    private final Path dir;

    ReportService(GapReportAssembler assembler, ReportHistory history, @Value("${chainatlas.reports.dir:}") String dir) {
        this.assembler = assembler;
        this.history = history;
        this.dir = dir == null || dir.isBlank() ? RuntimeSettings.dataDir().resolve("reports") : Path.of(dir);
    }

    /** The content of one chain's report (the print view renders it). */
    public GapReport content(Actor actor, String chain, String region) {
        return assembler.chain(actor, chain, region);
    }

    public ProvinceOverview overview(Actor actor) {
        return assembler.overview(actor);
    }

    /**
     * Writes a report (format xlsx or docx), keeps its file and records the download.
     *
     * @param chain a chain code, or {@code all} for the province's overview (ADMIN, PROVINCE)
     * @throws BadInput  for another format
     * @throws NotFound  for an unknown chain; Forbidden for the overview below the province
     */
    public Download download(Actor actor, String chain, String region, String format) {
        if (!format.equals("xlsx") && !format.equals("docx")) {
            throw new BadInput("format", "报告格式应为 xlsx 或 docx");
        }
        String stem;
        ReportWriter writer;
        if ("all".equalsIgnoreCase(chain)) {
            ProvinceOverview o = assembler.overview(actor);
            stem = o.fileStem();
            writer = out -> {
                if (format.equals("xlsx")) {
                    GapWorkbook.write(o, out);
                } else {
                    GapDocument.write(o, out);
                }
            };
        } else {
            GapReport r = assembler.chain(actor, chain, region);
            stem = r.fileStem();
            writer = out -> {
                if (format.equals("xlsx")) {
                    GapWorkbook.write(r, out);
                } else {
                    GapDocument.write(r, out);
                }
            };
        }
        String fileName = stem + "." + format;
        long id = history.record(actor.username(), actor.cityCode(), "all".equalsIgnoreCase(chain) ? "all" : chain.toUpperCase(),
                region == null || region.isBlank() ? "province" : region, format, fileName);
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("report-" + id + "." + format);
            try (OutputStream out = Files.newOutputStream(file)) {
                writer.write(out);
            }
            history.stored(id, file.toString(), Files.size(file));
            return new Download(fileName, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The history the actor may see: everything for the province, a bureau's city's, a leader's own. */
    List<ReportHistory.Entry> history(Actor actor) {
        if (actor.isProvinceWide()) {
            return history.list(null, null, 200);
        }
        return actor.is(Role.CITY) ? history.list(actor.cityCode(), null, 200) : history.list(null, actor.username(), 200);
    }

    /** A kept report file, to download again what was sent to a meeting. */
    Download again(Actor actor, long id) {
        ReportHistory.Entry e = history.entry(id);
        if (e == null) {
            throw new NotFound("报告 " + id + " 不存在");
        }
        boolean mine = e.username().equals(actor.username());
        boolean sameCity = actor.is(Role.CITY) && actor.cityCode() != null && actor.cityCode().equals(e.cityCode());
        if (!actor.isProvinceWide() && !mine && !sameCity) {
            throw new Forbidden("无权下载他人生成的报告");
        }
        String stored = history.storedFile(id);
        if (stored == null || !Files.exists(Path.of(stored))) {
            throw new NotFound("报告 " + id + " 的文件已清理，请重新生成");
        }
        return new Download(e.fileName(), Path.of(stored));
    }

    private interface ReportWriter {
        void write(OutputStream out) throws IOException;
    }
}
