package cn.chainatlas.imports;


import cn.chainatlas.excel.DeleteOnCloseStream;

import cn.chainatlas.common.Actor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

@Controller("/api/v1/imports")
@Secured(SecurityRule.IS_AUTHENTICATED)
class ImportApi {

    private final ImportService service;

    ImportApi(ImportService service) {
        this.service = service;
    }

    /**
     * Upload a registry file. {@code dryRun} (default true) only reports; {@code async=true} answers 202 with the
     * batch id at once and the page polls {@code GET /api/v1/imports/{id}} for progress and the result.
     */
    @Post(consumes = MediaType.MULTIPART_FORM_DATA)
    HttpResponse<?> upload(CompletedFileUpload file,
                           @Nullable @QueryValue("dryRun") String dryRunText,
                           @Nullable @QueryValue String city,
                           @Nullable @QueryValue("allOrNothing") String allOrNothingText,
                           @Nullable @QueryValue("async") String asyncText,
                           @Nullable @QueryValue String confirmNameChanges,
                           Actor actor) {
        boolean dryRun = cn.chainatlas.web.QueryFlags.flag("dryRun", dryRunText, true);
        boolean allOrNothing = cn.chainatlas.web.QueryFlags.flag("allOrNothing", allOrNothingText, false);
        boolean async = cn.chainatlas.web.QueryFlags.flag("async", asyncText, false);
        ImportService.Upload upload;
        try (InputStream in = file.getInputStream()) {
            upload = service.receive(file.getFilename(), in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (async) {
            long id = service.importFileAsync(actor, upload, city, dryRun, allOrNothing, codes(confirmNameChanges));
            return HttpResponse.status(HttpStatus.ACCEPTED).body(service.batch(actor, id));
        }
        return HttpResponse.ok(service.importFile(actor, upload, city, dryRun, allOrNothing, codes(confirmNameChanges)));
    }

    /** Newest first; {@code page} from 1, {@code size} 1–500 (out-of-range values are brought into range). */
    @Get
    List<ImportResult> history(@Nullable @QueryValue Integer page, @Nullable @QueryValue Integer size,
                               @Nullable @QueryValue Integer limit, Actor actor) {
        int s = size != null ? size : limit != null ? limit : 50;
        return service.history(actor, page == null ? 1 : page, s);
    }

    /**
     * Runs a 中断 (or 失败) batch again from its kept file, as it was asked for; {@code async=true} answers 202 at
     * once with the batch (QUEUED), and the page polls it.
     */
    @Post("/{batchId}/rerun")
    HttpResponse<ImportResult> rerun(@PathVariable long batchId, @Nullable @QueryValue("async") String asyncText,
                                     Actor actor) {
        boolean async = cn.chainatlas.web.QueryFlags.flag("async", asyncText, false);
        ImportResult r = service.rerun(actor, batchId, async);
        return async ? HttpResponse.status(HttpStatus.ACCEPTED).body(r) : HttpResponse.ok(r);
    }

    @Get("/{batchId}")
    ImportResult batch(@PathVariable long batchId, Actor actor) {
        return service.batch(actor, batchId);
    }

    /**
     * Commits a dry run. {@code confirmNameChanges}: comma-separated credit codes whose name change the clerk
     * confirmed (the dry run's nameChanges); the others are skipped.
     */
    @Post("/{batchId}/commit")
    ImportResult commit(@PathVariable long batchId, @Nullable @QueryValue("allOrNothing") String allOrNothingText,
                        @Nullable @QueryValue String confirmNameChanges, Actor actor) {
        boolean allOrNothing = cn.chainatlas.web.QueryFlags.flag("allOrNothing", allOrNothingText, false);
        return service.commitBatch(actor, batchId, allOrNothing, codes(confirmNameChanges));
    }

    private static java.util.Set<String> codes(@Nullable String joined) {
        if (joined == null || joined.isBlank()) {
            return java.util.Set.of();
        }
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String c : joined.split("[,，;；\\s]+")) {
            if (!c.isBlank()) {
                out.add(cn.chainatlas.common.CreditCode.normalise(c));
            }
        }
        return out;
    }

    @Post("/{batchId}/rollback")
    ImportResult rollback(@PathVariable long batchId, Actor actor) {
        return service.rollback(actor, batchId);
    }

    @Get(value = "/{batchId}/errors.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    HttpResponse<StreamedFile> errors(@PathVariable long batchId, Actor actor) throws IOException {
        Path tmp = Files.createTempFile("errors-", ".xlsx");
        try (var out = Files.newOutputStream(tmp)) {
            service.errorsWorkbook(actor, batchId, out);
        }
        InputStream in = new DeleteOnCloseStream(tmp);
        return HttpResponse.ok(new StreamedFile(in, MediaType.of("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                        .attach("errors-" + batchId + ".xlsx"));
    }

}
