package cn.chainatlas.matchmaking;

import cn.chainatlas.security.Actors;

import cn.chainatlas.excel.DeleteOnCloseStream;
import cn.chainatlas.common.Actor;
import io.micronaut.core.annotation.Nullable;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A node's proposed allocation of local capacity across leaders' demands, and a chain's 补链 target list (JSON and
 * Excel). Bureaus only; AllocationService decides the region a caller may read.
 */
@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
class AllocationApi {

    static final MediaType XLSX = MediaType.of("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final AllocationService allocation;
    private final GapTargetExport export;

    AllocationApi(AllocationService allocation, GapTargetExport export) {
        this.allocation = allocation;
        this.export = export;
    }

    @Get("/chains/{code}/allocation")
    AllocationViews.Allocation allocation(@PathVariable String code, @Nullable @QueryValue String node,
                                          @Nullable @QueryValue String region, @Nullable @QueryValue String unit,
                                          Authentication authentication) {
        return allocation.allocation(Actors.of(authentication), code, node, region, unit);
    }

    @Get("/chains/{code}/gap-targets")
    AllocationViews.GapTargets gapTargets(@PathVariable String code, @Nullable @QueryValue String region,
                                          Authentication authentication) {
        return allocation.gapTargets(Actors.of(authentication), code, region);
    }

    @Get(value = "/chains/{code}/gap-targets.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    HttpResponse<StreamedFile> gapTargetsXlsx(@PathVariable String code, @Nullable @QueryValue String region,
                                              Authentication authentication) throws IOException {
        Path tmp = Files.createTempFile("gap-targets-", ".xlsx");
        String name;
        try (var out = Files.newOutputStream(tmp)) {
            name = export.write(Actors.of(authentication), code, region, out);
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return HttpResponse.ok(new StreamedFile(new DeleteOnCloseStream(tmp), XLSX))
                .header("Content-Disposition", cn.chainatlas.web.Downloads.attachment(name, "gap-targets.xlsx"));
    }
}
