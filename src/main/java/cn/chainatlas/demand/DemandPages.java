package cn.chainatlas.demand;

import cn.chainatlas.security.Actors;

import cn.chainatlas.chain.SpecParser;
import cn.chainatlas.common.BadInput;
import cn.chainatlas.enterprise.Classifier;
import cn.chainatlas.enterprise.LeaderService;
import cn.chainatlas.geo.Cities;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
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

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 我的需求 (a leader's own demands; for bureaus, the demands of their scope): the list, the create and edit form with
 * each field's error at its field, and deletion. DemandService decides who may do what; this only translates forms.
 */
@Controller("/demands")
@Secured(SecurityRule.IS_AUTHENTICATED)
@Produces(MediaType.TEXT_HTML)
class DemandPages {

    private final DemandService demands;
    private final LeaderService leaders;
    private final Classifier classifier;
    private final Cities cities;
    private final cn.chainatlas.web.Flash flash;

    DemandPages(DemandService demands, LeaderService leaders, Classifier classifier, Cities cities,
                cn.chainatlas.web.Flash flash) {
        this.flash = flash;
        this.demands = demands;
        this.leaders = leaders;
        this.classifier = classifier;
        this.cities = cities;
    }

    @Get
    ModelAndView<Map<String, Object>> list(@Nullable @QueryValue String city, @Nullable @QueryValue String done,
                                           @Nullable @QueryValue String error, @Nullable @QueryValue String sig,
                                           Authentication authentication) {
        Actor actor = Actors.of(authentication);
        Map<String, Object> m = new HashMap<>();
        m.put("demands", demands.list(actor, actor.isProvinceWide() ? city : null, false));
        m.put("leaderView", actor.is(Role.LEADER));
        m.put("cities", cities.names());
        m.put("city", city == null ? "" : city);
        m.put("canFilterCity", actor.isProvinceWide());
        m.put("flashSuccess", flash.shown(authentication.getName(), "done", done, sig));
        m.put("flashError", flash.shown(authentication.getName(), "error", error, sig));
        // a bureau uploads a workbook for one leader of its scope (DemandService.uploadLeader checks it again)
        Map<String, String> uploadLeaders = new LinkedHashMap<>();
        if (!actor.is(Role.LEADER)) {
            leaders.list(actor, null, actor.is(Role.CITY) ? actor.cityCode() : null)
                    .forEach(l -> uploadLeaders.put(l.creditCode(), l.name() + (l.cityName() == null ? "" : "（" + l.cityName() + "）")));
        }
        m.put("uploadLeaders", uploadLeaders);
        return new ModelAndView<>("demand/list", m);
    }

    @Get("/new")
    ModelAndView<Map<String, Object>> create(@Nullable @QueryValue String leader, Authentication authentication) {
        Actor actor = Actors.of(authentication);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("leaderCreditCode", actor.is(Role.LEADER) ? actor.leaderCreditCode() : leader == null ? "" : leader);
        return new ModelAndView<>("demand/form", model(actor, form, null, Map.of()));
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> save(@Body Map<String, String> form, Authentication authentication) {
        Actor actor = Actors.of(authentication);
        try {
            long id = demands.create(actor, input(form));
            return HttpResponse.seeOther(URI.create(flash.to(authentication.getName(), "/demands/" + id + "/matches", "saved", "需求已保存，以下为匹配的本地供应商")));
        } catch (BadInput e) {
            return HttpResponse.status(HttpStatus.BAD_REQUEST).body(new ModelAndView<>("demand/form", model(actor, form, null, errors(e))));
        }
    }

    /**
     * The demand's own address, where its edit form posts: opened by a reload after a refused save, a bookmark or a
     * typed address it answered 405; it leads to the demand's matches (the reader's scope is checked here first).
     */
    @Get("/{id}")
    MutableHttpResponse<?> show(@PathVariable long id, Authentication authentication) {
        demands.get(Actors.of(authentication), id);
        return HttpResponse.seeOther(URI.create("/demands/" + id + "/matches"));
    }

    @Get("/{id}/edit")
    ModelAndView<Map<String, Object>> edit(@PathVariable long id, Authentication authentication) {
        Actor actor = Actors.of(authentication);
        Demand d = demands.get(actor, id);
        return new ModelAndView<>("demand/form", model(actor, form(d), d, Map.of()));
    }

    @Post(value = "/{id}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> update(@PathVariable long id, @Body Map<String, String> form, Authentication authentication) {
        Actor actor = Actors.of(authentication);
        Demand d = demands.get(actor, id);
        try {
            demands.update(actor, id, input(form));
            return HttpResponse.seeOther(URI.create(flash.to(authentication.getName(), "/demands/" + id + "/matches", "saved", "需求已修改，匹配结果已按新要求重新排序")));
        } catch (BadInput e) {
            return HttpResponse.status(HttpStatus.BAD_REQUEST).body(new ModelAndView<>("demand/form", model(actor, form, d, errors(e))));
        }
    }

    @Post(value = "/{id}/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> delete(@PathVariable long id, @Body Map<String, String> form, Authentication authentication) {
        Actor actor = Actors.of(authentication);
        Demand d;
        try {
            d = demands.get(actor, id);
            demands.delete(actor, id);
        } catch (cn.chainatlas.common.NotFound | cn.chainatlas.common.Conflict e) {
            // the form sent twice (already deleted), or records that keep it: back to the list, saying why
            return HttpResponse.seeOther(URI.create(flash.to(authentication.getName(), "/demands", "error",
                    e instanceof cn.chainatlas.common.NotFound ? "需求 " + id + " 已不存在（可能已被删除）" : e.getMessage())));
        }
        return HttpResponse.seeOther(URI.create(flash.to(authentication.getName(), "/demands", "done", "已删除需求 " + id + "（" + d.nodeName() + "）")));
    }

    // ------------------------------------------------------------------------------------------ form <-> input

    /** The form's fields as the one input of the field rules; lists are written like the sheet (、 or commas). */
    static DemandInput input(Map<String, String> f) {
        Map<String, String> spec = new LinkedHashMap<>();
        for (SpecParser.Field field : SpecParser.Field.values()) {
            String v = f.get("spec_" + field.key());
            if (v != null && !v.isBlank()) {
                spec.put(field.key(), v);
            }
        }
        Map<String, String> sources = new LinkedHashMap<>();
        for (String k : DemandInput.SOURCE_KEYS) {
            String v = f.get("source_" + k);
            if (v != null && !v.isBlank()) {
                sources.put(k, v);
            }
        }
        return new DemandInput(f.get("leaderCreditCode"), f.get("nodeCode"), f.get("quantity"), f.get("unit"),
                f.get("valueWan"), f.get("spec"), spec, list(f.get("requiredCertifications")), list(f.get("preferredRegions")),
                list(f.get("excludedRegions")), sources, f.get("neededBy"), f.get("note"), f.get("status"));
    }

    private static List<String> list(@Nullable String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s);
    }

    /** A stored demand as the form shows it. */
    private Map<String, String> form(Demand d) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("leaderCreditCode", d.leaderCreditCode());
        f.put("nodeCode", d.nodeName());
        f.put("quantity", plain(d.quantity()));
        f.put("unit", d.unit());
        f.put("valueWan", plain(d.valueWan()));
        f.put("spec", d.spec());
        d.specFields().forEach((k, v) -> f.put("spec_" + k, v));
        f.put("requiredCertifications", String.join("、", d.requiredCertifications()));
        f.put("preferredRegions", String.join("、", d.preferredRegions().stream().map(c -> d.regionNames().getOrDefault(c, c)).toList()));
        f.put("excludedRegions", String.join("、", d.excludedRegions().stream().map(c -> d.regionNames().getOrDefault(c, c)).toList()));
        d.sources().forEach((k, v) -> f.put("source_" + k, plain(v)));
        f.put("neededBy", d.neededBy() == null ? null : d.neededBy().toString());
        f.put("note", d.note());
        f.put("status", d.storedStatus());
        return f;
    }

    private Map<String, Object> model(Actor actor, Map<String, String> form, @Nullable Demand demand, Map<String, String> errors) {
        Map<String, Object> m = new HashMap<>();
        m.put("form", form);
        m.put("demand", demand);
        m.put("errors", errors);
        m.put("leaderView", actor.is(Role.LEADER));
        Map<String, String> leaderChoices = new LinkedHashMap<>();
        if (!actor.is(Role.LEADER)) {
            leaders.list(actor, null, actor.is(Role.CITY) ? actor.cityCode() : null)
                    .forEach(l -> leaderChoices.put(l.creditCode(), l.name() + (l.cityName() == null ? "" : "（" + l.cityName() + "）")));
        } else {
            leaders.find(actor.leaderCreditCode()).ifPresent(l -> leaderChoices.put(l.creditCode(), l.name()));
        }
        m.put("leaders", leaderChoices);
        m.put("nodes", classifier.model().nodeNames());
        List<Map<String, Object>> specFields = new ArrayList<>();
        for (SpecParser.Field f : SpecParser.Field.values()) {
            List<String> nodes = new ArrayList<>();
            SpecParser.nodesWithFields().forEach(n -> {
                if (SpecParser.fields(n).contains(f)) {
                    nodes.add(n);
                    String name = classifier.model().nodeName(n);
                    if (name != null) {
                        nodes.add(name);
                    }
                }
            });
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("key", f.key());
            x.put("label", f.label());
            x.put("example", f.example());
            x.put("nodes", String.join("|", nodes));
            x.put("nodeNames", String.join("、", nodes.stream().filter(s -> !s.matches("[A-Z_]+")).toList()));
            specFields.add(x);
        }
        m.put("specFields", specFields);
        m.put("sourceKeys", DemandInput.SOURCE_KEYS);
        m.put("sourceLabels", DemandFields.SOURCE_LABELS);
        m.put("labels", DemandFields.LABELS);
        Map<String, String> statuses = new LinkedHashMap<>();
        for (DemandStatus s : new DemandStatus[]{DemandStatus.OPEN, DemandStatus.MET, DemandStatus.CLOSED}) {
            statuses.put(s.name(), s.label());
        }
        m.put("statuses", statuses);
        return m;
    }

    /** Each field's message under the form's field name (specFields.x → spec_x). */
    private static Map<String, String> errors(BadInput e) {
        Map<String, String> out = new LinkedHashMap<>();
        List<BadInput.FieldError> list = e.errors().isEmpty() ? List.of(new BadInput.FieldError("form", e.getMessage())) : e.errors();
        for (BadInput.FieldError fe : list) {
            String key = fe.field() == null ? "form" : fe.field().startsWith("specFields.")
                    ? "spec_" + fe.field().substring("specFields.".length()) : fe.field();
            out.merge(key, fe.message(), (a, b) -> a + "；" + b);
        }
        return out;
    }

    private static String plain(@Nullable BigDecimal v) {
        return v == null ? null : v.stripTrailingZeros().toPlainString();
    }
}
