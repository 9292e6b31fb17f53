package cn.chainatlas.imports;

import cn.chainatlas.common.Actor;
import cn.chainatlas.excel.DeleteOnCloseStream;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Demand uploads, shaped like the registry's (/api/v1/imports): a dry run answers the batch with its report, then
 * commit, rollback and errors.xlsx by batch id. {@code leader} names the leader a bureau uploads for; a LEADER
 * account uploads its own demands only (see docs/api.md).
 */
@Controller("/api/v1/demands")
@Secured(SecurityRule.IS_AUTHENTICATED)
class DemandImportApi {

    private static final MediaType XLSX = MediaType.of("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final DemandImportService service;
    private final ImportService imports;

    DemandImportApi(DemandImportService service, ImportService imports) {
        this.service = service;
        this.imports = imports;
    }

    /** The demand template: the leader's chain nodes, units and regions as drop-downs, and the instruction sheet. */
    @Get(value = "/template.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    HttpResponse<StreamedFile> template(@Nullable @QueryValue String leader, Actor actor) throws IOException {
        return file("需求模板.xlsx", "demand-template.xlsx", out -> service.template(actor, leader, out));
    }

    /** Upload a demand workbook: always a dry run first (nothing is written until the batch is committed). */
    @Post(value = "/imports", consumes = MediaType.MULTIPART_FORM_DATA)
    ImportResult upload(CompletedFileUpload file, @Nullable @QueryValue String leader, Actor actor) {
        ImportService.Upload upload;
        try (InputStream in = file.getInputStream()) {
            upload = imports.receive(file.getFilename(), in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return service.dryRun(actor, upload, leader);
    }

    @Get("/imports")
    List<ImportResult> history(@Nullable @QueryValue String leader, @QueryValue(defaultValue = "20") int limit, Actor actor) {
        return service.history(actor, leader, limit);
    }

    @Get("/imports/{batchId}")
    ImportResult batch(@PathVariable long batchId, Actor actor) {
        return service.batch(actor, batchId);
    }

    @Post("/imports/{batchId}/commit")
    ImportResult commit(@PathVariable long batchId, Actor actor) {
        return service.commit(actor, batchId);
    }

    /** Runs a 中断 (or 失败) demand batch again from its kept file, as it was asked for (dry run or commit). */
    @Post("/imports/{batchId}/rerun")
    ImportResult rerun(@PathVariable long batchId, Actor actor) {
        return service.rerun(actor, batchId);
    }

    @Post("/imports/{batchId}/rollback")
    ImportResult rollback(@PathVariable long batchId, Actor actor) {
        return service.rollback(actor, batchId);
    }

    @Get(value = "/imports/{batchId}/errors.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    HttpResponse<StreamedFile> errors(@PathVariable long batchId, Actor actor) throws IOException {
        return file("errors-" + batchId + ".xlsx", "errors-" + batchId + ".xlsx", out -> service.errorsWorkbook(actor, batchId, out));
    }

    private interface Writer {
        void write(OutputStream out);
    }

    /**
     * @param name  the file's name as the clerk sees it
     * @param ascii its name for clients that do not read {@code filename*} (Micronaut's attach wrote 「.xlsx」 for
     *              需求模板.xlsx there: a hidden file on Unix; fresh-eyes pass #15)
     */
    private static HttpResponse<StreamedFile> file(String name, String ascii, Writer writer) throws IOException {
        Path tmp = Files.createTempFile("demand-", ".xlsx");
        try (var out = Files.newOutputStream(tmp)) {
            writer.write(out);
        } catch (RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return HttpResponse.ok(new StreamedFile(new DeleteOnCloseStream(tmp), XLSX))
                .header(io.micronaut.http.HttpHeaders.CONTENT_DISPOSITION, cn.chainatlas.web.Downloads.attachment(name, ascii));
    }
}
