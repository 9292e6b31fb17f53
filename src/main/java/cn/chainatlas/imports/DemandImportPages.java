package cn.chainatlas.imports;

import cn.chainatlas.common.Actor;
import cn.chainatlas.web.Flash;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.net.URI;

/**
 * Where the demand upload's page goes after a commit: to 我的需求 with the batch's result as its notice, worded here
 * from the batch itself (the list shows only notices this server signed, web.Flash).
 */
@Controller("/demands/imports")
@Secured(SecurityRule.IS_AUTHENTICATED)
class DemandImportPages {

    private final DemandImportService service;
    private final Flash flash;

    DemandImportPages(DemandImportService service, Flash flash) {
        this.service = service;
        this.flash = flash;
    }

    /** 303 to 我的需求 with 「已提交：共 n 行：新增 …」; unknown → 404, another's batch → 403 (DemandImportService). */
    @Get(value = "/{batchId}/done", produces = {io.micronaut.http.MediaType.TEXT_HTML, io.micronaut.http.MediaType.APPLICATION_JSON})
    MutableHttpResponse<?> done(@PathVariable long batchId, Actor actor) {
        ImportResult r = service.batch(actor, batchId);
        String message = ("COMMITTED".equals(r.status()) ? "已提交" : r.statusLabel()) + "：共 " + r.rowsTotal() + " 行：新增 "
                + r.inserts() + " 条，更新 " + r.updates() + " 条，不变 " + r.unchanged() + " 条，有错误 " + r.rowsRejected() + " 行";
        return HttpResponse.seeOther(URI.create(flash.to(actor.username(), "/demands?batch=" + batchId, "done", message)));
    }
}
