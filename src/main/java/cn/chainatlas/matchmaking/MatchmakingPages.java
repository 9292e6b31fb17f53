package cn.chainatlas.matchmaking;

import cn.chainatlas.security.Actors;

import cn.chainatlas.chain.ChainGraphCache;
import cn.chainatlas.common.BadInput;
import cn.chainatlas.geo.Cities;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pages: a demand's records with the timeline of their moves (and one record), the bureau's board, the figures with
 * charts, activities. MatchmakingService decides who may see and do what; forms post here and come back with a
 * message.
 */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
@Produces(MediaType.TEXT_HTML)
class MatchmakingPages {

    private final MatchmakingService service;
    private final MatchmakingFigures figures;
    private final ChainGraphCache graphs;
    private final Cities cities;
    private final cn.chainatlas.web.Flash flash;

    MatchmakingPages(MatchmakingService service, MatchmakingFigures figures, ChainGraphCache graphs, Cities cities,
                     cn.chainatlas.web.Flash flash) {
        this.flash = flash;
        this.service = service;
        this.figures = figures;
        this.graphs = graphs;
        this.cities = cities;
    }

    private Map<String, Object> base(@Nullable String done, @Nullable String error) {
        Map<String, Object> m = new HashMap<>();
        m.put("flashSuccess", done);
        m.put("flashError", error);
        Map<String, String> stages = new LinkedHashMap<>();
        Arrays.stream(Stage.values()).forEach(s -> stages.put(s.name(), s.label()));
        m.put("stages", stages);
        Map<String, String> reasons = new LinkedHashMap<>();
        Arrays.stream(EndReason.values()).forEach(r -> reasons.put(r.name(), r.label()));
        m.put("reasons", reasons);
        Map<String, String> chains = new LinkedHashMap<>();
        graphs.get().chains().values().forEach(c -> chains.put(c.code(), c.name()));
        m.put("chains", chains);
        m.put("cities", cities.names());
        return m;
    }

    @Get("/demands/{id}/matchmaking")
    ModelAndView<Map<String, Object>> ofDemand(@PathVariable long id, @Nullable @QueryValue String done,
                                               @Nullable @QueryValue String error, @Nullable @QueryValue String sig,
                                               Authentication authentication) {
        Map<String, Object> m = base(flash.shown(authentication.getName(), "done", done, sig), flash.shown(authentication.getName(), "error", error, sig));
        List<MatchmakingViews.RecordView> records = service.ofDemand(Actors.of(authentication), id);
        m.put("records", records);
        m.put("demandId", id);
        m.put("single", false);
        return new ModelAndView<>("matchmaking/records", m);
    }

    @Get("/matchmaking/{id}")
    ModelAndView<Map<String, Object>> one(@PathVariable long id, @Nullable @QueryValue String done,
                                          @Nullable @QueryValue String error, @Nullable @QueryValue String sig,
                                          Authentication authentication) {
        Map<String, Object> m = base(flash.shown(authentication.getName(), "done", done, sig), flash.shown(authentication.getName(), "error", error, sig));
        MatchmakingViews.RecordView r = service.get(Actors.of(authentication), id);
        m.put("records", List.of(r));
        m.put("demandId", r.demandId());
        m.put("single", true);
        return new ModelAndView<>("matchmaking/records", m);
    }

    @Post(value = "/matchmaking/{id}/move", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> move(@PathVariable long id, @Body Map<String, String> form, Authentication authentication) {
        try {
            service.move(Actors.of(authentication), id, new MatchmakingService.MoveInput(form.get("stage"), form.get("reasonCode"),
                    form.get("note"), form.get("date"), form.get("quantity"), form.get("unit"), form.get("valueWan")));
            return back(authentication, form, id, "done", "已推进对接");
        } catch (BadInput e) {
            return back(authentication, form, id, "error", e.getMessage());
        }
    }

    @Post(value = "/matchmaking/{id}/note", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> note(@PathVariable long id, @Body Map<String, String> form, Authentication authentication) {
        try {
            service.note(Actors.of(authentication), id, form.get("text"));
            return back(authentication, form, id, "done", "已添加跟进");
        } catch (BadInput e) {
            return back(authentication, form, id, "error", e.getMessage());
        }
    }

    private MutableHttpResponse<?> back(Authentication authentication, Map<String, String> form, long id, String key,
                                         String message) {
        String to = form.get("back");
        String path = to != null && to.matches("/demands/\\d+/matchmaking") ? to : "/matchmaking/" + id;
        return HttpResponse.seeOther(URI.create(flash.to(authentication.getName(), path + "#record-" + id, key, message)));
    }

    @Get("/matchmaking/board")
    ModelAndView<Map<String, Object>> board(@Nullable @QueryValue String chain, @Nullable @QueryValue String city,
                                            @Nullable @QueryValue String leader, @Nullable @QueryValue String node,
                                            @Nullable @QueryValue String supplierCity, @Nullable @QueryValue Long activity,
                                            @Nullable @QueryValue String ids, Authentication authentication) {
        Actor actor = Actors.of(authentication);
        Map<String, Object> m = base(null, null);
        List<Long> idList = MatchmakingApi.ids(ids);
        MatchmakingViews.Board board;
        if (idList != null) {
            actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY);
            List<MatchmakingViews.RecordView> list = service.list(actor, new MatchmakingService.Query(null, null, null, null, null,
                    null, null, idList));
            board = new MatchmakingViews.Board(service.stalledDays(), List.of(),
                    List.of(new MatchmakingViews.Column("IDS", "所选记录", list)), list.size());
        } else {
            board = service.board(actor, new MatchmakingService.Query(chain, city, leader, null, node, supplierCity, activity, null));
        }
        m.put("board", board);
        m.put("chain", chain == null ? "" : chain);
        m.put("city", city == null ? "" : city);
        m.put("leader", leader == null ? "" : leader);
        m.put("node", node == null ? "" : node);
        m.put("supplierCity", supplierCity == null ? "" : supplierCity);
        m.put("activity", activity);
        m.put("activities", service.activities(actor));
        return new ModelAndView<>("matchmaking/board", m);
    }

    @Get("/matchmaking/figures")
    ModelAndView<Map<String, Object>> figures(@Nullable @QueryValue String chain, @Nullable @QueryValue String region,
                                              @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                              Authentication authentication) {
        Actor actor = Actors.of(authentication);
        Map<String, Object> m = base(null, null);
        String c = chain == null || chain.isBlank() ? graphs.get().chains().keySet().iterator().next() : chain;
        String r = actor.is(Role.CITY) && (region == null || region.isBlank()) ? actor.cityCode() : region;
        MatchmakingViews.Figures fig = figures.figures(actor, c, r, from, to);
        m.put("fig", fig);
        List<MatchmakingViews.Month> rows = new java.util.ArrayList<>(fig.months());
        rows.add(fig.total());
        m.put("rows", rows);
        m.put("chain", c);
        m.put("region", r == null ? "province" : r);
        m.put("canChooseRegion", actor.isProvinceWide());
        return new ModelAndView<>("matchmaking/figures", m);
    }

    @Get("/activities")
    ModelAndView<Map<String, Object>> activities(@Nullable @QueryValue String done, @Nullable @QueryValue String error,
                                                 @Nullable @QueryValue String sig, Authentication authentication) {
        Map<String, Object> m = base(flash.shown(authentication.getName(), "done", done, sig), flash.shown(authentication.getName(), "error", error, sig));
        m.put("activities", service.activities(Actors.of(authentication)));
        return new ModelAndView<>("matchmaking/activities", m);
    }

    @Post(value = "/activities", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> createActivity(@Body Map<String, String> form, Authentication authentication) {
        return saveActivity(null, form, authentication);
    }

    /** The edit form of one activity: the list with the form filled in (participants by name). */
    @Get("/activities/{id}/edit")
    ModelAndView<Map<String, Object>> editActivity(@PathVariable long id, @Nullable @QueryValue String error,
                                                   @Nullable @QueryValue String sig, Authentication authentication) {
        Actor actor = Actors.of(authentication);
        Map<String, Object> m = base(null, flash.shown(authentication.getName(), "error", error, sig));
        m.put("activities", service.activities(actor));
        m.put("editing", service.activity(actor, id));
        return new ModelAndView<>("matchmaking/activities", m);
    }

    @Post(value = "/activities/{id}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> updateActivity(@PathVariable long id, @Body Map<String, String> form, Authentication authentication) {
        return saveActivity(id, form, authentication);
    }

    /**
     * Saves the form: participants one per line or separated by 、/，/；, each an enterprise's full name or credit code
     * (names may hold spaces, so spaces do not separate them here).
     */
    private MutableHttpResponse<?> saveActivity(@Nullable Long id, Map<String, String> form, Authentication authentication) {
        try {
            service.saveActivity(Actors.of(authentication), id, new MatchmakingService.ActivityInput(form.get("title"),
                    form.get("date"), form.get("place"), list(form.get("chains")), names(form.get("leaders")),
                    names(form.get("suppliers")), form.get("note")));
            return HttpResponse.seeOther(URI.create(flash.to(authentication.getName(), "/activities", "done", "已保存对接活动")));
        } catch (BadInput e) {
            String back = id == null ? "/activities" : "/activities/" + id + "/edit";
            return HttpResponse.seeOther(URI.create(flash.to(authentication.getName(), back, "error", e.getMessage())));
        }
    }

    private static List<String> names(@Nullable String raw) {
        return raw == null || raw.isBlank() ? List.of()
                : Arrays.stream(raw.split("[、,，;；\\n\\r]+")).map(String::strip).filter(s -> !s.isBlank()).toList();
    }

    @Post(value = "/activities/{id}/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> deleteActivity(@PathVariable long id, @Body Map<String, String> form, Authentication authentication) {
        service.deleteActivity(Actors.of(authentication), id);
        return HttpResponse.seeOther(URI.create(flash.to(authentication.getName(), "/activities", "done", "已删除对接活动")));
    }

    private static List<String> list(@Nullable String raw) {
        return raw == null || raw.isBlank() ? List.of()
                : Arrays.stream(raw.split("[、,，;；\\s]+")).filter(s -> !s.isBlank()).toList();
    }
}
