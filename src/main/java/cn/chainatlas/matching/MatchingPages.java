package cn.chainatlas.matching;

import cn.chainatlas.db.FiguresCache;
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

    private final FiguresCache figures;
    private final cn.chainatlas.web.Flash flash;

    MatchingPages(MatchingService matching, ChainGraphCache graphs, Cities cities, FiguresCache figures,
                  cn.chainatlas.web.Flash flash) {
        this.figures = figures;
        this.flash = flash;
        this.matching = matching;
        this.graphs = graphs;
        this.cities = cities;
    }

    /** Candidates a page shows at first: a buyer reads the top of the list; the rest is one link away. */
    static final int FIRST_SHOWN = 50;
    /** At most, with 显示更多 (the Excel export has every candidate). */
    static final int MOST_SHOWN = 200;

    @Get("/demands/{id}/matches")
    ModelAndView<Map<String, Object>> matches(@PathVariable long id, @Nullable @QueryValue("excluded") String excludedText,
                                              @Nullable @QueryValue("more") String moreText,
                                              @Nullable @QueryValue String saved, @Nullable @QueryValue String error,
                                              @Nullable @QueryValue String sig, Authentication authentication) {
        boolean excluded = cn.chainatlas.web.QueryFlags.flag("excluded", excludedText, false);
        boolean more = cn.chainatlas.web.QueryFlags.flag("more", moreText, false);
        Actor actor = Actors.of(authentication);
        String ok = flash.shown(authentication.getName(), "saved", saved, sig);
        String bad = flash.shown(authentication.getName(), "error", error, sig);
        FiguresCache.Tracked<Map<String, Object>> t = figures.tracked(() -> model(actor, id, excluded, more, ok, bad));
        t.value().put("figuresUpdating", t.updatingTime());
        return new ModelAndView<>("matching/matches", t.value());
    }

    private Map<String, Object> model(Actor actor, long id, boolean excluded, boolean more, @Nullable String saved,
                                      @Nullable String error) {
        int shown = more ? MOST_SHOWN : FIRST_SHOWN;
        MatchViews.MatchList list = matching.matches(actor, id, shown, excluded);
        Map<String, Object> m = new HashMap<>();
        m.put("list", list);
        m.put("more", more);
        // candidates past the ones shown (bands first, then score): offered behind 显示更多
        m.put("notShown", Math.max(0, list.counts().candidates() - list.counts().excluded() - list.matches().size()));
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
            return new ModelAndView<>("matching/matches", model(actor, id, false, false, null, e.getMessage()));
        }
    }

    @Get("/demands/{id}/shortlist")
    ModelAndView<Map<String, Object>> shortlist(@PathVariable long id, @Nullable @QueryValue String done,
                                                @Nullable @QueryValue String error, @Nullable @QueryValue String sig,
                                                Authentication authentication) {
        Actor actor = Actors.of(authentication);
        Map<String, Object> m = new HashMap<>();
        m.put("entries", matching.shortlist(actor, id));
        m.put("d", matching.matches(actor, id, 1, false).demand());
        m.put("flashSuccess", flash.shown(authentication.getName(), "done", done, sig));
        m.put("flashError", flash.shown(authentication.getName(), "error", error, sig));
        return new ModelAndView<>("matching/shortlist", m);
    }

    @Post(value = "/demands/{id}/shortlist", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> add(@PathVariable long id, @Body Map<String, String> form, Authentication authentication) {
        Actor actor = Actors.of(authentication);
        try {
            var entries = matching.addToShortlist(actor, id, form.get("creditCode"), form.get("note"));
            String name = entries.stream().filter(e -> e.creditCode().equalsIgnoreCase(String.valueOf(form.get("creditCode")).strip()))
                    .map(MatchViews.ShortlistEntry::name).findFirst().orElse(form.get("creditCode"));
            return HttpResponse.seeOther(URI.create(flash.to(authentication.getName(), "/demands/" + id + "/shortlist", "done", "已将「" + name + "」加入候选清单")));
        } catch (BadInput e) {
            return HttpResponse.seeOther(URI.create(flash.to(authentication.getName(), "/demands/" + id + "/matches", "error", e.getMessage())));
        }
    }

    @Post(value = "/demands/{id}/shortlist/{creditCode}/remove", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> remove(@PathVariable long id, @PathVariable String creditCode, @Body Map<String, String> form,
                                  Authentication authentication) {
        try {
            matching.removeFromShortlist(Actors.of(authentication), id, creditCode);
        } catch (BadInput e) {
            // refused: said as an error, not as 「done」
            return HttpResponse.seeOther(URI.create(flash.to(authentication.getName(), "/demands/" + id + "/shortlist", "error", e.getMessage())));
        }
        return HttpResponse.seeOther(URI.create(flash.to(authentication.getName(), "/demands/" + id + "/shortlist", "done", "已移出候选清单")));
    }

    @Get("/coverage")
    ModelAndView<Map<String, Object>> coverage(@Nullable @QueryValue String chain, @Nullable @QueryValue String city,
                                               Authentication authentication) {
        Actor actor = Actors.of(authentication);
        MatchingService.requireBureau(actor);
        Map<String, Object> m = new HashMap<>();
        FiguresCache.Tracked<MatchViews.Coverage> cov = figures.tracked(() -> matching.coverage(actor, chain, city));
        m.put("cov", cov.value());
        m.put("figuresUpdating", cov.updatingTime());
        Map<String, String> chains = new LinkedHashMap<>();
        graphs.get().chains().values().forEach(c -> chains.put(c.code(), c.name()));
        m.put("chains", chains);
        m.put("chain", chain == null ? "" : chain);
        m.put("cities", cities.names());
        m.put("city", city == null ? "" : city);
        m.put("canFilterCity", actor.isProvinceWide());
        return new ModelAndView<>("matching/coverage", m);
    }
}
