package cn.chainatlas.imports;


import cn.chainatlas.geo.Cities;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.View;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The imports page: upload with a dry run, the result with errors, commit, batch history with rollback. */
@Controller("/imports")
@Secured(SecurityRule.IS_AUTHENTICATED)
class ImportPages {

    private final ImportService service;
    private final Cities cities;

    ImportPages(ImportService service, Cities cities) {
        this.service = service;
        this.cities = cities;
    }

    @Get(produces = MediaType.TEXT_HTML)
    @View("imports/index")
    Map<String, Object> index(Actor actor) {
        return model(actor, null);
    }

    /** The imports page opened on one batch's result (a link from the history, the home page or a message). */
    @Get(value = "/{batchId}", produces = MediaType.TEXT_HTML)
    @View("imports/index")
    Map<String, Object> batch(@PathVariable long batchId, Actor actor) {
        service.batch(actor, batchId); // unknown → 404 page, another city's → 403 page
        return model(actor, batchId);
    }

    private Map<String, Object> model(Actor actor, Long selected) {
        Map<String, Object> m = new HashMap<>();
        m.put("selectedBatch", selected);
        boolean allowed = !actor.is(Role.LEADER);
        m.put("allowed", allowed);
        Map<String, String> choices = new LinkedHashMap<>();
        if (actor.is(Role.CITY)) {
            choices.put(actor.cityCode(), cities.name(actor.cityCode()));
        } else {
            choices.putAll(cities.names());
        }
        m.put("cities", choices);
        m.put("cityLocked", actor.is(Role.CITY));
        m.put("history", allowed ? service.history(actor, 50) : java.util.List.of());
        m.put("maxMb", service.maxBytes() / 1048576);
        return m;
    }
}
