package cn.chainatlas.enterprise;

import cn.chainatlas.security.Actors;

import cn.chainatlas.geo.Cities;

import cn.chainatlas.common.BadInput;

import cn.chainatlas.common.Actor;
import cn.chainatlas.common.DomainError;
import cn.chainatlas.common.Forbidden;
import cn.chainatlas.common.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;
import io.micronaut.views.View;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry pages: list and search, detail with the edit form, and the 未归类 list with node assignment. */
@Controller("/enterprises")
@Secured(SecurityRule.IS_AUTHENTICATED)
class EnterprisePages {

    private final EnterpriseService service;
    private final Cities cities;
    private final Classifier classifier;
    private final LeaderService leaders;

    EnterprisePages(EnterpriseService service, Cities cities, Classifier classifier, LeaderService leaders) {
        this.leaders = leaders;
        this.service = service;
        this.cities = cities;
        this.classifier = classifier;
    }

    @Get(produces = MediaType.TEXT_HTML)
    @View("enterprise/list")
    Map<String, Object> list(@Nullable @QueryValue String q, @Nullable @QueryValue String city, @Nullable @QueryValue String node,
                             @Nullable @QueryValue String tier, @QueryValue(defaultValue = "1") int page,
                             @Nullable @QueryValue("unclassified") String unclassifiedText,
                             Authentication authentication) {
        boolean unclassified = cn.chainatlas.web.QueryFlags.flag("unclassified", unclassifiedText, false);
        Actor actor = Actors.of(authentication);
        Map<String, Object> m = new HashMap<>();
        // a city bureau opens on its own city; 全部地市 (city=all) shows the province
        if (city == null && actor.is(Role.CITY)) {
            city = actor.cityCode();
        } else if ("all".equals(city)) {
            city = null;
        }
        // node first: when the words are a chain node's name, code or alias, the enterprises classified to that node
        // come first (a separate lookup, on the first page), then the other text matches, counted and paged without
        // the node's own so that 共 N 家 is what the table lists
        String hitNode = q == null || q.isBlank() || (node != null && !node.isBlank()) || unclassified ? null
                : classifier.model().resolve(q.strip());
        m.put("result", service.list(actor, new EnterpriseFilter(city, node, tier, q, unclassified, hitNode), page, 50));
        if (hitNode != null) {
            m.put("nodeHitCode", hitNode);
            m.put("nodeHitName", classifier.model().nodeName(hitNode));
            if (page <= 1) {
                m.put("nodeHits", service.list(actor, new EnterpriseFilter(city, hitNode, tier, null, false), 1, 50));
            }
        }
        m.put("q", q == null ? "" : q);
        m.put("city", city == null ? "" : city);
        m.put("node", node == null ? "" : node);
        m.put("tier", tier == null ? "" : tier);
        m.put("cities", cities.names());
        m.put("tiers", Titles.TIERS);
        m.put("query", query(q, city, node, tier));
        return m;
    }

    @Get(value = "/unclassified", produces = MediaType.TEXT_HTML)
    @View("enterprise/unclassified")
    Map<String, Object> unclassified(@Nullable @QueryValue String city, @QueryValue(defaultValue = "1") int page,
                                     Authentication authentication) {
        Actor actor = Actors.of(authentication);
        String scope = city == null && actor.is(Role.CITY) ? actor.cityCode() : city;
        Map<String, Object> m = new HashMap<>();
        m.put("result", service.list(actor, new EnterpriseFilter(scope, null, null, null, true), page, 100));
        m.put("nodes", classifier.model().nodeNames());
        m.put("canEdit", !actor.is(Role.LEADER));
        return m;
    }

    @Get(value = "/{creditCode}", produces = MediaType.TEXT_HTML)
    @View("enterprise/detail")
    Map<String, Object> detail(@PathVariable String creditCode, Authentication authentication) {
        Actor actor = Actors.of(authentication);
        return model(actor, service.detail(actor, creditCode));
    }

    /** The edit form without scripts: saves, then shows the entry again with a success or an error message. */
    @Post(value = "/{creditCode}", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<ModelAndView<Map<String, Object>>> save(@PathVariable String creditCode, @Body Map<String, String> form,
                                                         Authentication authentication) {
        Actor actor = Actors.of(authentication);
        try {
            List<BadInput.FieldError> unreadable = new ArrayList<>();
            EnterpriseView saved = service.update(actor, creditCode, edit(form, unreadable), unreadable);
            return saved(actor, saved, "已保存");
        } catch (BadInput e) {
            // every field's error at its field, and the form shows what was typed, not the stored values
            Map<String, Object> m = model(actor, service.detail(actor, creditCode));
            Map<String, String> errors = new LinkedHashMap<>();
            e.errors().forEach(x -> errors.merge(x.field(), x.message(), (a, b) -> a + "；" + b));
            m.put("fieldErrors", errors);
            m.put("typed", form);
            m.put("flashError", errors.size() > 1 ? "有 " + errors.size() + " 处需要修改，见各字段下的说明；尚未保存" : e.getMessage());
            return HttpResponse.<ModelAndView<Map<String, Object>>>status(HttpStatus.BAD_REQUEST)
                    .body(new ModelAndView<>("enterprise/detail", m));
        } catch (Forbidden e) {
            return refused(actor, creditCode, e, null);
        }
    }

    /** The province's move and status form: saves, then shows the entry again with a message. */
    @Post(value = "/{creditCode}/place", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<ModelAndView<Map<String, Object>>> place(@PathVariable String creditCode, @Body Map<String, String> form,
                                                          Authentication authentication) {
        Actor actor = Actors.of(authentication);
        try {
            EnterpriseView current = service.detail(actor, creditCode);
            String city = form.get("city");
            String status = form.get("status");
            String note = form.get("note");
            EnterpriseView saved = current;
            if (city != null && !city.isBlank() && !city.equals(current.cityCode())) {
                saved = service.move(actor, creditCode, city, note);
            }
            if (status != null && !status.isBlank() && !status.equals(saved.status())) {
                saved = service.setStatus(actor, creditCode, status, note);
            }
            return saved(actor, saved, "已保存");
        } catch (Forbidden | BadInput e) {
            return refused(actor, creditCode, e, null);
        }
    }

    /** The per-node capacity form: one node's annual capacity (blank clears), then the entry again with a message. */
    @Post(value = "/{creditCode}/capacity", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<ModelAndView<Map<String, Object>>> capacity(@PathVariable String creditCode, @Body Map<String, String> form,
                                                             Authentication authentication) {
        Actor actor = Actors.of(authentication);
        String node = form.get("node");
        try {
            EnterpriseView saved = service.setNodeCapacity(actor, creditCode, node,
                    EnterpriseService.quantity(form.get("quantity"), node == null ? "" : node), form.get("unit"));
            return saved(actor, saved, "环节年产能已保存");
        } catch (Forbidden | BadInput e) {
            return refused(actor, creditCode, e, node);
        }
    }

    /**
     * The leader form: the chains ticked become the chains the enterprise leads (new ones declared, unticked ones
     * revoked); both through LeaderService, which checks the role and the city and audits.
     */
    @Post(value = "/{creditCode}/leader", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<ModelAndView<Map<String, Object>>> leader(@PathVariable String creditCode, @Body Map<String, String> form,
                                                           Authentication authentication) {
        Actor actor = Actors.of(authentication);
        try {
            java.util.Set<String> wanted = new java.util.LinkedHashSet<>();
            form.forEach((k, v) -> {
                if (k.startsWith("chain_") && v != null && !v.isBlank()) {
                    wanted.add(k.substring("chain_".length()));
                }
            });
            java.util.List<String> current = leaders.find(creditCode).map(LeaderService.Leader::chainCodes).orElse(java.util.List.of());
            java.util.List<String> added = wanted.stream().filter(c -> !current.contains(c)).toList();
            if (!added.isEmpty()) {
                leaders.declare(actor, creditCode, added);
            }
            for (String c : current) {
                if (!wanted.contains(c)) {
                    leaders.revoke(actor, creditCode, c);
                }
            }
            return saved(actor, service.detail(actor, creditCode), "链主认定已保存");
        } catch (Forbidden | BadInput e) {
            return refused(actor, creditCode, e, null);
        }
    }

    /** The entry as saved, with the message that says so. */
    private HttpResponse<ModelAndView<Map<String, Object>>> saved(Actor actor, EnterpriseView e, String message) {
        Map<String, Object> m = model(actor, e);
        m.put("flashSuccess", message);
        return HttpResponse.ok(new ModelAndView<>("enterprise/detail", m));
    }

    /**
     * The entry as stored, with why a form was refused, answered 403 (role or scope) or 400 (the input); the
     * capacity form names its node, so the page opens that node's form again.
     */
    private HttpResponse<ModelAndView<Map<String, Object>>> refused(Actor actor, String creditCode, DomainError e,
                                                                    @io.micronaut.core.annotation.Nullable String capacityNode) {
        Map<String, Object> m = model(actor, service.detail(actor, creditCode));
        m.put("flashError", e.getMessage());
        if (capacityNode != null) {
            m.put("capacityNode", capacityNode);
        }
        return HttpResponse.<ModelAndView<Map<String, Object>>>status(HttpStatus.valueOf(e.status()))
                .body(new ModelAndView<>("enterprise/detail", m));
    }

    private Map<String, Object> model(Actor actor, EnterpriseView e) {
        Map<String, Object> m = new HashMap<>();
        m.put("e", e);
        Map<String, EnterpriseView.NodeCapacity> capacityOf = new HashMap<>();
        Map<String, String> capacityText = new HashMap<>();
        e.nodeCapacities().forEach(c -> {
            capacityOf.put(c.nodeCode(), c);
            capacityText.put(c.nodeCode(), c.quantity().stripTrailingZeros().toPlainString() + " " + c.unit());
        });
        m.put("capacityOf", capacityOf);
        m.put("capacityText", capacityText);
        boolean own = EnterpriseService.ownProfile(actor, e.creditCode());
        m.put("ownProfile", own);
        m.put("leaderFields", EnterpriseService.LEADER_FIELDS);
        var leader = leaders.find(e.creditCode());
        m.put("leaderChains", leader.map(LeaderService.Leader::chains).orElse(java.util.List.of()));
        m.put("leaderChainCodes", leader.map(LeaderService.Leader::chainCodes).orElse(java.util.List.of()));
        m.put("chainNames", leaders.chainNames());
        m.put("canDeclare", !actor.is(Role.LEADER) && actor.mayManageCity(e.cityCode()) && e.cityCode() != null);
        m.put("canMove", actor.isProvinceWide());
        m.put("cities", cities.names());
        m.put("statuses", java.util.Arrays.stream(EnterpriseStatus.values())
                .collect(java.util.stream.Collectors.toMap(Enum::name, EnterpriseStatus::label, (a, b) -> a, java.util.LinkedHashMap::new)));
        m.put("canEdit", own || !actor.is(Role.LEADER) && actor.mayManageCity(e.cityCode()));
        m.put("nodes", classifier.model().nodeNames());
        return m;
    }

    static EnterpriseEdit edit(Map<String, String> f) {
        List<BadInput.FieldError> unreadable = new ArrayList<>();
        EnterpriseEdit edit = edit(f, unreadable);
        if (!unreadable.isEmpty()) {
            throw new BadInput(unreadable);
        }
        return edit;
    }

    /** The form as an edit; a field that cannot be read (not a number, not a date) is left null and noted. */
    static EnterpriseEdit edit(Map<String, String> f, List<BadInput.FieldError> unreadable) {
        return new EnterpriseEdit(f.get("name"), f.get("district"), f.get("sizeClass"),
                // the form's 未填 (blank) leaves it as it is; 是/否 (or true/false from older forms) set it
                f.get("aboveScale") == null || f.get("aboveScale").isBlank() ? null
                        : Boolean.valueOf("true".equals(f.get("aboveScale")) || "是".equals(f.get("aboveScale"))),
                f.get("mainProducts"), f.get("certifications"), f.get("titles"),
                read(unreadable, "revenue", () -> decimal(f.get("revenue"), "营业收入")),
                read(unreadable, "rndSpending", () -> decimal(f.get("rndSpending"), "研发投入")),
                read(unreadable, "employees", () -> integer(f.get("employees"), "从业人数")),
                read(unreadable, "patents", () -> integer(f.get("patents"), "有效发明专利数")),
                read(unreadable, "capacityValue", () -> decimal(f.get("capacityValue"), "年产能")),
                f.get("capacityUnit"), f.get("techParams"), f.get("contactName"),
                f.get("contactPhone"), read(unreadable, "foundedOn", () -> date(f.get("foundedOn"))),
                checkbox(f, "publicConsent"), checkbox(f, "unwilling"));
    }

    private static <T> T read(List<BadInput.FieldError> unreadable, String field, java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (BadInput e) {
            unreadable.add(new BadInput.FieldError(field, e.getMessage()));
            return null;
        }
    }

    /** A ticked box is sent, an unticked one is not: the form marks the boxes it shows with {@code shown_<name>}. */
    private static Boolean checkbox(Map<String, String> f, String name) {
        if (f.containsKey(name)) {
            return Boolean.TRUE;
        }
        return f.containsKey("shown_" + name) ? Boolean.FALSE : null;
    }

    private static BigDecimal decimal(String s, String label) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(s.trim().replace(",", ""));
        } catch (NumberFormatException e) {
            throw new BadInput("「" + label + "」不是数字");
        }
    }

    private static Integer integer(String s, String label) {
        BigDecimal d = decimal(s, label);
        if (d == null) {
            return null;
        }
        try {
            return d.intValueExact();
        } catch (ArithmeticException e) {
            throw new BadInput("「" + label + "」应为整数");
        }
    }

    private static LocalDate date(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadInput("成立日期应写成 2015-03-01");
        }
    }

    private static String query(String q, String city, String node, String tier) {
        StringBuilder b = new StringBuilder();
        append(b, "q", q);
        append(b, "city", city);
        append(b, "node", node);
        append(b, "tier", tier);
        return b.toString();
    }

    private static void append(StringBuilder b, String k, String v) {
        if (v != null && !v.isBlank()) {
            b.append('&').append(k).append('=').append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
