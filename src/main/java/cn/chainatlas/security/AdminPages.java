package cn.chainatlas.security;

import cn.chainatlas.audit.AuditEntry;
import cn.chainatlas.audit.AuditQuery;
import cn.chainatlas.common.Role;

import cn.chainatlas.audit.AuditChanges;
import cn.chainatlas.audit.AuditService;
import cn.chainatlas.common.Actor;

import cn.chainatlas.common.BadInput;

import io.micronaut.context.MessageSource;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.views.ModelAndView;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The users page and the audit page. The services decide who may see them (ADMIN). */
@Controller("/admin")
@Secured(SecurityRule.IS_AUTHENTICATED)
@Produces(MediaType.TEXT_HTML)
final class AdminPages {

    @Serdeable
    record UserForm(@Nullable String username, @Nullable String displayName, @Nullable String password,
                    @Nullable String role, @Nullable String city, @Nullable String leaderCreditCode) {
    }

    @Serdeable
    record EnabledForm(@Nullable String enabled) {
    }

    @Serdeable
    record PasswordForm(@Nullable String password) {
    }

    private final UserService users;
    private final AuditService audit;
    private final PageSecurity security;
    private final MessageSource messages;
    private final AuditChanges auditChanges;

    private final AuditTargets targets;

    private final cn.chainatlas.web.Flash flash;

    AdminPages(UserService users, AuditService audit, PageSecurity security, MessageSource messages,
               AuditChanges auditChanges, AuditTargets targets, cn.chainatlas.web.Flash flash) {
        this.flash = flash;
        this.targets = targets;
        this.auditChanges = auditChanges;
        this.users = users;
        this.audit = audit;
        this.security = security;
        this.messages = messages;
    }

    @Get("/users")
    ModelAndView<Map<String, Object>> users(Authentication authentication, @Nullable @QueryValue String done,
                                            @Nullable @QueryValue String sig) {
        Actor actor = Actors.of(authentication);
        Map<String, Object> model = usersModel(actor, new UserForm(null, null, null, "CITY", null, null));
        model.put("success", flash.shown(authentication.getName(), "done", done, sig));
        return new ModelAndView<>("admin/users", model);
    }

    @Post("/users")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> create(Authentication authentication, @Body UserForm form) {
        Actor actor = Actors.of(authentication);
        try {
            UserView created = users.create(actor, new NewUser(form.username(), form.password(), form.role(),
                    form.city(), form.leaderCreditCode(), form.displayName()));
            return redirect(authentication, "已创建用户 " + created.username() + "（" + security.roleLabel(created.role()) + "）");
        } catch (BadInput e) {
            Map<String, Object> model = usersModel(actor, new UserForm(form.username(), form.displayName(), null,
                    form.role(), form.city(), form.leaderCreditCode()));
            model.put("error", e.getMessage());
            model.put("errorField", e.field());
            return HttpResponse.status(HttpStatus.BAD_REQUEST).body(new ModelAndView<>("admin/users", model));
        }
    }

    @Post("/users/{username}/enabled")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> enabled(Authentication authentication, @PathVariable String username, @Body EnabledForm form) {
        boolean enable = "true".equals(form.enabled());
        users.change(Actors.of(authentication), username, new UserChange(enable, null, null));
        return redirect(authentication, (enable ? "已启用（并解锁）用户 " : "已停用用户 ") + username);
    }

    @Post("/users/{username}/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> password(Authentication authentication, @PathVariable String username, @Body PasswordForm form) {
        users.change(Actors.of(authentication), username, new UserChange(null, form.password(), null));
        return redirect(authentication, "已重置用户 " + username + " 的密码");
    }

    @Get("/audit")
    ModelAndView<Map<String, Object>> audit(Authentication authentication, @Nullable @QueryValue String user,
                                            @Nullable @QueryValue String action, @Nullable @QueryValue String target,
                                            @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                            @Nullable @QueryValue Integer page) {
        Actor actor = Actors.of(authentication);
        Map<String, Object> model = new HashMap<>();
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("user", blankToEmpty(user));
        filter.put("action", blankToEmpty(action));
        filter.put("target", blankToEmpty(target));
        filter.put("from", blankToEmpty(from));
        filter.put("to", blankToEmpty(to));
        model.put("filter", filter);
        LocalDate fromDate = null;
        LocalDate toDate = null;
        try {
            fromDate = date(from);
            toDate = date(to);
        } catch (DateTimeParseException e) {
            model.put("error", "日期格式应为 年-月-日，例如 2026-11-22（收到：" + e.getParsedString() + "）");
        }
        AuditService.Page result = audit.search(actor, new AuditQuery(user, action, target, fromDate, toDate,
                page == null ? 1 : page, 50));
        model.put("result", result);
        List<String> actions = audit.actions(actor);
        Map<String, String> labels = new LinkedHashMap<>();
        for (String a : actions) {
            labels.put(a, actionLabel(a));
        }
        for (AuditEntry e : result.items()) {
            labels.computeIfAbsent(e.action(), this::actionLabel);
        }
        model.put("actionLabels", labels);
        Map<Long, List<AuditChanges.Change>> changes = new HashMap<>();
        for (AuditEntry e : result.items()) {
            changes.put(e.id(), auditChanges.between(e.before(), e.after()));
        }
        model.put("changes", changes);
        // what each entry touched, by name (the stored target stays the filter's key)
        model.put("targetNames", targets.names(result.items().stream().map(AuditEntry::target).toList()));
        StringBuilder query = new StringBuilder();
        filter.forEach((k, v) -> {
            if (!v.isEmpty()) {
                query.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        model.put("filterQuery", query.toString());
        return new ModelAndView<>("admin/audit", model);
    }

    private Map<String, Object> usersModel(Actor actor, UserForm form) {
        Map<String, Object> model = new HashMap<>();
        model.put("users", users.list(actor));
        model.put("cities", users.cities(actor));
        Map<String, String> roles = new LinkedHashMap<>();
        for (Role r : Role.values()) {
            roles.put(r.name(), security.roleLabel(r));
        }
        model.put("roles", roles);
        model.put("form", form);
        model.put("me", actor.username());
        return model;
    }

    private String actionLabel(String action) {
        return messages.getMessage("audit.action." + action, Locale.SIMPLIFIED_CHINESE).orElse(action);
    }

    private MutableHttpResponse<?> redirect(Authentication authentication, String message) {
        return HttpResponse.seeOther(URI.create(flash.to(authentication.getName(), "/admin/users", "done", message)));
    }

    private static LocalDate date(@Nullable String s) {
        return s == null || s.isBlank() ? null : LocalDate.parse(s.trim());
    }

    private static String blankToEmpty(@Nullable String s) {
        return s == null ? "" : s.trim();
    }
}
