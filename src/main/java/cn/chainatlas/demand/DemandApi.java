package cn.chainatlas.demand;

import cn.chainatlas.security.Actors;

import cn.chainatlas.common.Actor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/** Demands as JSON; DemandService decides who may read and write which (confidential, see docs/api.md). */
@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
class DemandApi {

    private final DemandService demands;

    DemandApi(DemandService demands) {
        this.demands = demands;
    }

    /**
     * The request body. Numbers may come as JSON numbers or as text ("1,200"); every value is checked by
     * DemandFields, which names each bad field in Chinese.
     */
    @Serdeable
    record DemandRequest(@Nullable String leaderCreditCode, @Nullable String nodeCode, @Nullable String quantity,
                         @Nullable String unit, @Nullable String valueWan, @Nullable String spec,
                         @Nullable Map<String, String> specFields,
                         // a list, or one text as the form and the upload take it (TextOrList)
                         @Serdeable.Deserializable(using = TextOrList.class) @Nullable List<String> requiredCertifications,
                         @Serdeable.Deserializable(using = TextOrList.class) @Nullable List<String> preferredRegions,
                         @Serdeable.Deserializable(using = TextOrList.class) @Nullable List<String> excludedRegions,
                         @Nullable Map<String, String> sources, @Nullable String neededBy, @Nullable String note,
                         @Nullable String status) {
        DemandInput input() {
            return new DemandInput(leaderCreditCode, nodeCode, quantity, unit, valueWan, spec, specFields,
                    requiredCertifications, preferredRegions, excludedRegions, sources, neededBy, note, status);
        }
    }

    @Serdeable
    record Created(long id) {
    }

    @Post("/demands")
    HttpResponse<Created> create(@Body DemandRequest body, Authentication authentication) {
        return HttpResponse.created(new Created(demands.create(Actors.of(authentication), body.input())));
    }

    /** The demands the caller may see: its own (LEADER), its city's (CITY), all or one city's (PROVINCE, ADMIN). */
    @Get("/demands")
    List<Demand> list(@Nullable @QueryValue String city, @Nullable @QueryValue("open") String openText,
                      Authentication authentication) {
        boolean open = cn.chainatlas.web.QueryFlags.flag("open", openText, false);
        return demands.list(Actors.of(authentication), city, open);
    }

    @Get("/demands/{id}")
    Demand get(@PathVariable long id, Authentication authentication) {
        return demands.get(Actors.of(authentication), id);
    }

    @Put("/demands/{id}")
    Demand update(@PathVariable long id, @Body DemandRequest body, Authentication authentication) {
        return demands.update(Actors.of(authentication), id, body.input());
    }

    @Delete("/demands/{id}")
    HttpResponse<?> delete(@PathVariable long id, Authentication authentication) {
        demands.delete(Actors.of(authentication), id);
        return HttpResponse.noContent();
    }

    @Get("/leaders/{creditCode}/demands")
    List<Demand> ofLeader(@PathVariable String creditCode, Authentication authentication) {
        return demands.ofLeader(Actors.of(authentication), creditCode);
    }
}
