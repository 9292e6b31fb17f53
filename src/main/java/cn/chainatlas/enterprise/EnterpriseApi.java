package cn.chainatlas.enterprise;

import cn.chainatlas.security.Actors;

import cn.chainatlas.excel.DeleteOnCloseStream;

import cn.chainatlas.common.Actor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
class EnterpriseApi {

    static final MediaType XLSX = MediaType.of("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final EnterpriseService service;
    private final RegistryExport export;
    private final RegistryTemplate template;
    private final Classifier classifier;

    EnterpriseApi(EnterpriseService service, RegistryExport export, RegistryTemplate template, Classifier classifier) {
        this.service = service;
        this.export = export;
        this.template = template;
        this.classifier = classifier;
    }

    @Get("/enterprises")
    EnterprisePage list(@Nullable @QueryValue String city, @Nullable @QueryValue String node, @Nullable @QueryValue String tier,
                        @Nullable @QueryValue String q, @Nullable @QueryValue("unclassified") String unclassifiedText,
                        @QueryValue(defaultValue = "1") int page, @QueryValue(defaultValue = "20") int size,
                        Authentication authentication) {
        boolean unclassified = cn.chainatlas.web.QueryFlags.flag("unclassified", unclassifiedText, false);
        return service.list(Actors.of(authentication), new EnterpriseFilter(city, node, tier, q, unclassified), page, size);
    }

    @Get(value = "/enterprises/export.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    HttpResponse<StreamedFile> exportXlsx(@Nullable @QueryValue String city, @Nullable @QueryValue String node,
                                          @Nullable @QueryValue String tier, @Nullable @QueryValue String q,
                                          @Nullable @QueryValue("unclassified") String unclassifiedText,
                                          Authentication authentication) throws IOException {
        boolean unclassified = cn.chainatlas.web.QueryFlags.flag("unclassified", unclassifiedText, false);
        Actor actor = Actors.of(authentication);
        Path tmp = Files.createTempFile("registry-", ".xlsx");
        try (var out = Files.newOutputStream(tmp)) {
            export.export(actor, new EnterpriseFilter(city, node, tier, q, unclassified), out);
        } catch (RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return HttpResponse.ok(new StreamedFile(new DeleteOnCloseStream(tmp), XLSX).attach("enterprise-registry.xlsx"));
    }

    @Get(value = "/templates/enterprise-registry.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    HttpResponse<StreamedFile> templateXlsx() throws IOException {
        Path tmp = Files.createTempFile("template-", ".xlsx");
        try (var out = Files.newOutputStream(tmp)) {
            template.write(out);
        }
        return HttpResponse.ok(new StreamedFile(new DeleteOnCloseStream(tmp), XLSX).attach("enterprise-registry-template.xlsx"));
    }

    @Get("/enterprises/{creditCode}")
    EnterpriseView detail(@PathVariable String creditCode, Authentication authentication) {
        return service.detail(Actors.of(authentication), creditCode);
    }

    @Put("/enterprises/{creditCode}")
    EnterpriseView update(@PathVariable String creditCode, @Body EnterpriseEdit edit, Authentication authentication) {
        return service.update(Actors.of(authentication), creditCode, edit);
    }

    @Serdeable
    record NodeAssignment(List<String> nodes) {
    }

    @Post("/enterprises/{creditCode}/nodes")
    EnterpriseView assign(@PathVariable String creditCode, @Body NodeAssignment body, Authentication authentication) {
        return service.assignNodes(Actors.of(authentication), creditCode, body.nodes());
    }

    @Serdeable
    record Move(String city, @Nullable String note) {
    }

    /** ADMIN and PROVINCE move an enterprise to another Guangdong city ({city: name or code, note}). */
    @Post("/enterprises/{creditCode}/move")
    EnterpriseView move(@PathVariable String creditCode, @Body Move body, Authentication authentication) {
        return service.move(Actors.of(authentication), creditCode, body.city(), body.note());
    }

    @Serdeable
    record StatusChange(String status, @Nullable String note) {
    }

    /** ADMIN and PROVINCE mark an enterprise ACTIVE 在营, DEREGISTERED 注销 or MOVED_OUT 迁出. */
    @Post("/enterprises/{creditCode}/status")
    EnterpriseView status(@PathVariable String creditCode, @Body StatusChange body, Authentication authentication) {
        return service.setStatus(Actors.of(authentication), creditCode, body.status(), body.note());
    }

    @Serdeable
    record NodeCapacityInput(@Nullable String quantity, @Nullable String unit) {
    }

    /**
     * The enterprise's annual capacity for one of its nodes ({quantity, unit}; a blank quantity clears it): the
     * bureau of its city, the province, administrators and the enterprise's own account; audited.
     */
    @Put("/enterprises/{creditCode}/capacities/{node}")
    EnterpriseView nodeCapacity(@PathVariable String creditCode, @PathVariable String node, @Body NodeCapacityInput body,
                                Authentication authentication) {
        return service.setNodeCapacity(Actors.of(authentication), creditCode, node,
                EnterpriseService.quantity(body.quantity(), node), body.unit());
    }

    @Serdeable
    record ClassifyRequest(@Nullable String text) {
    }

    @Serdeable
    record Classified(String nodeCode, String nodeName, double confidence, String matched) {
    }

    /** Which chain nodes a product text names, best first (any signed-in user). */
    @Post("/classify")
    List<Classified> classify(@Body ClassifyRequest body, Authentication authentication) {
        Actors.of(authentication);
        return classifier.classify(body.text()).stream()
                .map(m -> new Classified(m.nodeCode(), m.nodeName(), m.confidence(), m.matched())).toList();
    }


}
