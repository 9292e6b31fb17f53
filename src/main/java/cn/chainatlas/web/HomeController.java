package cn.chainatlas.web;

import cn.chainatlas.security.Actor;
import cn.chainatlas.security.Role;
import io.micronaut.context.MessageSource;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The home dashboard: the province's gaps at a glance, the registry by city, and the viewer's recent changes. */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
final class HomeController {

    private final HomeQueries queries;
    private final MessageSource messages;

    HomeController(HomeQueries queries, MessageSource messages) {
        this.queries = queries;
        this.messages = messages;
    }

    @Get(produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> home(Authentication authentication) {
        Actor actor = Actor.of(authentication);
        Map<String, Object> model = new HashMap<>();
        model.put("totals", queries.totals());
        model.put("chains", queries.chains());
        // every role sees the province's aggregates; the registry per city is a count, never a row
        model.put("cities", queries.enterprisesByCity());
        model.put("myCity", actor.cityCode());
        model.put("recent", queries.recentChanges(actor.is(Role.ADMIN) ? null : actor.username(), 8).stream()
                .map(r -> r.withLabel(messages.getMessage("audit.action." + r.action(), Locale.SIMPLIFIED_CHINESE)
                        .orElse(r.action()))).toList());
        model.put("canImport", actor.is(Role.ADMIN, Role.PROVINCE, Role.CITY));
        return new ModelAndView<>("home", model);
    }
}
