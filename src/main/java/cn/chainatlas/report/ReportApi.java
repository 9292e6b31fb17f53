package cn.chainatlas.report;

import cn.chainatlas.security.Actors;

import cn.chainatlas.common.Actor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.io.FileNotFoundException;
import java.io.FileInputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Gap report downloads: {@code GET /api/v1/reports/gaps.xlsx?chain=&region=} and {@code gaps.docx} (chain=all: the
 * province's overview), the history {@code GET /api/v1/reports} and a kept file {@code GET /api/v1/reports/{id}/file}.
 */
@Controller("/api/v1/reports")
@Secured(SecurityRule.IS_AUTHENTICATED)
final class ReportApi {

    static final MediaType XLSX = MediaType.of("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    static final MediaType DOCX = MediaType.of("application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    private final ReportService reports;

    ReportApi(ReportService reports) {
        this.reports = reports;
    }

    @Get(value = "/gaps.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    HttpResponse<StreamedFile> workbook(@QueryValue String chain, @Nullable @QueryValue String region, Authentication authentication) {
        return send(reports.download(Actors.of(authentication), chain, region, "xlsx"), XLSX);
    }

    @Get(value = "/gaps.docx", produces = "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    HttpResponse<StreamedFile> document(@QueryValue String chain, @Nullable @QueryValue String region, Authentication authentication) {
        return send(reports.download(Actors.of(authentication), chain, region, "docx"), DOCX);
    }

    @Get
    List<ReportHistory.Entry> history(Authentication authentication) {
        return reports.history(Actors.of(authentication));
    }

    @Get(value = "/{id}/file")
    HttpResponse<StreamedFile> again(@PathVariable long id, Authentication authentication) {
        ReportService.Download d = reports.again(Actors.of(authentication), id);
        return send(d, d.fileName().endsWith(".docx") ? DOCX : XLSX);
    }

    /** The file under its Chinese name (RFC 6266/5987), with an ASCII name for old clients. */
    static HttpResponse<StreamedFile> send(ReportService.Download d, MediaType type) {
        try {
            String ascii = "gap-report" + d.fileName().substring(d.fileName().lastIndexOf('.'));
            return HttpResponse.ok(new StreamedFile(new FileInputStream(d.file().toFile()), type))
                    .header(HttpHeaders.CONTENT_DISPOSITION, cn.chainatlas.web.Downloads.attachment(d.fileName(), ascii));
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
    }
}
