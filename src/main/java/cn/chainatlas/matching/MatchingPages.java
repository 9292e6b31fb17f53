package cn.chainatlas.matching;

import cn.chainatlas.security.Actors;

import cn.chainatlas.chain.ChainGraphCache;
import cn.chainatlas.common.BadInput;
import cn.chainatlas.geo.Cities;
import cn.chainatlas.common.Actor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A demand's matches (bands, the score broken down, the excluded list), 2–4 candidates side by side, the shortlist,
 * and 需求覆盖 for bureaus and the province. MatchingService decides who may see what.
 */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
@Produces(MediaType.TEXT_HTML)
class MatchingPages {

    private final MatchingService matching;
    private final ChainGraphCache graphs;
    private final Cities cities;

    MatchingPages(MatchingService matching, ChainGraphCache graphs, Cities cities) {
        this.matching = matching;
        this.graphs = graphs;
        this.cities = cities;
    }

    @Get("/demands/{id}/matches")
    ModelAndView<Map<String, Object>> matches(@PathVariable long id, @QueryValue(defaultValue = "false") boolean excluded,
                                              @Nullable @QueryValue String saved, @Nullable @QueryValue String error,
                                              Authentication authentication) {
        return new ModelAndView<>("matching/matches", model(Actors.of(authentication), id, excluded, saved, error));
    }

    private Map<String, Object> model(Actor actor, long id, boolean excluded, @Nullable String saved, @Nullable String error) {
        MatchViews.MatchList list = matching.matches(actor, id, 200, excluded);
        Map<String, Object> m = new HashMap<>();
        m.put("list", list);
        m.put("d", list.demand());
        m.put("showExcluded", excluded);
        m.put("flashSuccess", saved);
        m.put("flashError", error);
        return m;
    }

    @Get("/demands/{id}/compare")
    ModelAndView<Map<String, Object>> compare(@PathVariable long id, @Nullable @QueryValue("c") List<String> c,
                                              Authentication authentication) {
        Actor actor = Actors.of(authentication);
        try {
            Map<String, Object> m = new HashMap<>();
            m.put("cmp", matching.compare(actor, id, c));
            return new ModelAndView<>("matching/compare", m);
        } catch (BadInput e) {
            return new ModelAndView<>("matching/matches", model(actor, id, false, null, e.getMessage()));
        }
    }

    @Get("/demands/{id}/shortlist")
    ModelAndView<Map<String, Object>> shortlist(@PathVariable long id, @Nullable @QueryValue String done,
                                                Authentication authentication) {
        Actor actor = Actors.of(authentication);
        Map<String, Object> m = new HashMap<>();
        m.put("entries", matching.shortlist(actor, id));
        m.put("d", matching.matches(actor, id, 1, false).demand());
        m.put("flashSuccess", done);
        return new ModelAndView<>("matching/shortlist", m);
    }

    @Post(value = "/demands/{id}/shortlist", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> add(@PathVariable long id, @Body Map<String, String> form, Authentication authentication) {
        Actor actor = Actors.of(authentication);
        try {
            var entries = matching.addToShortlist(actor, id, form.get("creditCode"), form.get("note"));
            String name = entries.stream().filter(e -> e.creditCode().equalsIgnoreCase(String.valueOf(form.get("creditCode")).strip()))
                    .map(MatchViews.ShortlistEntry::name).findFirst().orElse(form.get("creditCode"));
            return HttpResponse.seeOther(URI.create("/demands/" + id + "/shortlist?done=" + enc("已将「" + name + "」加入候选清单")));
        } catch (BadInput e) {
            return HttpResponse.seeOther(URI.create("/demands/" + id + "/matches?error=" + enc(e.getMessage())));
        }
    }

    @Post(value = "/demands/{id}/shortlist/{creditCode}/remove", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> remove(@PathVariable long id, @PathVariable String creditCode, @Body Map<String, String> form,
                                  Authentication authentication) {
        try {
            matching.removeFromShortlist(Actors.of(authentication), id, creditCode);
        } catch (BadInput e) {
            return HttpResponse.seeOther(URI.create("/demands/" + id + "/shortlist?done=" + enc(e.getMessage())));
        }
        return HttpResponse.seeOther(URI.create("/demands/" + id + "/shortlist?done=" + enc("已移出候选清单")));
    }

    @Get("/coverage")
    ModelAndView<Map<String, Object>> coverage(@Nullable @QueryValue String chain, @Nullable @QueryValue String city,
                                               Authentication authentication) {
        Actor actor = Actors.of(authentication);
        MatchingService.requireBureau(actor);
        Map<String, Object> m = new HashMap<>();
        m.put("cov", matching.coverage(actor, chain, city));
        Map<String, String> chains = new LinkedHashMap<>();
        graphs.get().chains().values().forEach(c -> chains.put(c.code(), c.name()));
        m.put("chains", chains);
        m.put("chain", chain == null ? "" : chain);
        m.put("cities", cities.names());
        m.put("city", city == null ? "" : city);
        m.put("canFilterCity", actor.isProvinceWide());
        return new ModelAndView<>("matching/coverage", m);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
