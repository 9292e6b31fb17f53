package cn.chainatlas.report;

import cn.chainatlas.security.Actors;

import cn.chainatlas.common.Actor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.View;

import java.util.HashMap;
import java.util.Map;

/**
 * The gap report as a page to print (A4, table headers repeated on each page, no row split across pages): the
 * same content as the workbook and the Word report. And the history of downloaded reports.
 */
@Controller("/reports")
@Secured(SecurityRule.IS_AUTHENTICATED)
final class ReportPages {

    private final ReportService reports;

    ReportPages(ReportService reports) {
        this.reports = reports;
    }

    @Get(value = "/gaps", produces = MediaType.TEXT_HTML)
    @View("report/gaps")
    Map<String, Object> print(@QueryValue String chain, @Nullable @QueryValue String region, Authentication authentication) {
        Actor actor = Actors.of(authentication);
        Map<String, Object> m = new HashMap<>();
        if ("all".equalsIgnoreCase(chain)) {
            m.put("overview", reports.overview(actor));
        } else {
            m.put("r", reports.content(actor, chain, region));
        }
        m.put("chain", chain);
        m.put("region", region == null ? "province" : region);
        m.put("statuses", GapReportAssembler.statusNames());
        return m;
    }

    @Get(produces = MediaType.TEXT_HTML)
    @View("report/history")
    Map<String, Object> history(Authentication authentication) {
        return Map.of("entries", reports.history(Actors.of(authentication)));
    }
}
