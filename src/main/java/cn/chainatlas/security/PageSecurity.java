package cn.chainatlas.security;

import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;

import cn.chainatlas.geo.Cities;

import cn.chainatlas.common.Forbidden;

import io.micronaut.context.MessageSource;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a page needs to know about its viewer: the CSRF token for its forms, who is logged in (for the header)
 * and which navigation entries to show. Hiding a link is a courtesy; the services still refuse.
 */
@Singleton
public final class PageSecurity {

    /** The viewer as the page header shows it. */
    public record PageUser(String username, @Nullable String displayName, Role role, String roleLabel,
                           @Nullable String cityCode, @Nullable String cityName, @Nullable String leaderCreditCode) {
        /** What the top bar shows beside the role: the city, the leader enterprise's name (never its code), or 全省. */
        public String scopeLabel() {
            if (role == Role.LEADER && displayName != null) {
                return displayName;
            }
            if (cityName != null) {
                return cityName;
            }
            return cityCode != null ? cityCode : (leaderCreditCode != null ? leaderCreditCode : "全省");
        }
    }

    private final UserRepository users;
    private final MessageSource messages;
    private final Cities cities;
    private final LeaderDirectory leaders;

    PageSecurity(UserRepository users, MessageSource messages, Cities cities, LeaderDirectory leaders) {
        this.cities = cities;
        this.leaders = leaders;
        this.users = users;
        this.messages = messages;
    }

    public String csrfToken(HttpRequest<?> request) {
        return request.getAttribute(CsrfProtection.ATTRIBUTE, String.class).orElse("");
    }

    public Optional<Actor> actor(HttpRequest<?> request) {
        return request.getUserPrincipal(Authentication.class).map(a -> {
            try {
                return Actors.of(a);
            } catch (Forbidden e) {
                return null;
            }
        });
    }

    private static final String USER_ATTRIBUTE = "chainatlas.pageUser";

    /** The viewer for the header, worked out once per request (a leader's enterprise name is one query). */
    public @Nullable PageUser user(HttpRequest<?> request) {
        Optional<PageUser> known = request.getAttribute(USER_ATTRIBUTE, PageUser.class);
        if (known.isPresent()) {
            return known.get();
        }
        PageUser user = actor(request).map(a -> new PageUser(a.username(), leaderName(a), a.role(), roleLabel(a.role()),
                a.cityCode(), a.cityCode() == null ? null : cityName(a.cityCode()), a.leaderCreditCode())).orElse(null);
        if (user != null) {
            request.setAttribute(USER_ATTRIBUTE, user);
        }
        return user;
    }

    private @Nullable String leaderName(Actor actor) {
        if (!actor.is(Role.LEADER) || actor.leaderCreditCode() == null) {
            return null;
        }
        return leaders.name(actor.leaderCreditCode()).orElse(null);
    }

    /**
     * Navigation entries by role: everyone sees the chains and the registry; LEADER does not import. Demands: a
     * LEADER's own (我的需求, with its own enterprise's profile), the bureaus' in their scope; 需求覆盖 and matchmaking's
     * board (对接看板), figures (对接统计) and activities (对接活动) for bureaus.
     */
    public Map<String, Boolean> nav(@Nullable Actor actor) {
        boolean in = actor != null;
        boolean admin = in && actor.is(Role.ADMIN);
        boolean bureau = in && actor.is(Role.ADMIN, Role.PROVINCE, Role.CITY);
        boolean leader = in && actor.is(Role.LEADER);
        return Map.ofEntries(
                Map.entry("home", in),
                Map.entry("chains", in),
                Map.entry("enterprises", in),
                Map.entry("imports", bureau),
                Map.entry("reports", in),
                Map.entry("demands", in),
                Map.entry("leaderDemands", leader),
                Map.entry("profile", leader && actor.leaderCreditCode() != null),
                Map.entry("coverage", bureau),
                Map.entry("board", bureau),
                Map.entry("figures", bureau),
                Map.entry("activities", bureau),
                Map.entry("users", admin),
                Map.entry("audit", admin));
    }

    public String roleLabel(Role role) {
        return messages.getMessage("role." + role.name(), Locale.SIMPLIFIED_CHINESE).orElse(role.name());
    }

    public @Nullable String cityName(String code) {
        return cities.name(code);
    }
}
