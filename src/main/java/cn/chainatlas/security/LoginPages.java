package cn.chainatlas.security;

import cn.chainatlas.db.SeedMode;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.ServerAuthentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.cookie.AccessTokenCookieConfiguration;
import io.micronaut.security.token.generator.TokenGenerator;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.views.ModelAndView;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The login page and logout. A successful login sets the signed login cookie (a JWT: HttpOnly, SameSite=Lax,
 * {@code micronaut.security.token.generator.access-token.expiration} seconds, 8 hours by default) and goes back
 * to the page the person wanted.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
final class LoginPages {

    @Serdeable
    record LoginForm(@Nullable String username, @Nullable String password, @Nullable String next) {
    }

    private final PasswordLogin login;
    private final TokenGenerator tokens;
    private final String cookieName;
    private final long expirySeconds;
    private final boolean demo;
    private final UserRepository users;
    private final UserService userService;
    private final ClientAddresses addresses;

    LoginPages(PasswordLogin login, TokenGenerator tokens, AccessTokenCookieConfiguration cookies,
                    UserRepository users, UserService userService, ClientAddresses addresses,
                    @Value("${micronaut.security.token.generator.access-token.expiration:28800}") long expirySeconds,
                    @Value("${chainatlas.seed:}") String seed,
                    @Value("${chainatlas.embedded:false}") boolean embedded) {
        this.users = users;
        this.userService = userService;
        this.addresses = addresses;
        this.demo = SeedMode.parse(seed, embedded).includesDemo();
        this.login = login;
        this.tokens = tokens;
        this.cookieName = cookies.getCookieName();
        this.expirySeconds = expirySeconds;
    }

    @Get(value = "/login", produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> page(@Nullable @QueryValue String next, @Nullable @QueryValue String out,
                                           @Nullable Authentication authentication) {
        Map<String, Object> model = new HashMap<>();
        model.put("next", safeNext(next));
        model.put("loggedOut", out != null);
        model.put("alreadyLoggedIn", authentication != null ? authentication.getName() : null);
        // a first-time visitor of a demo installation learns which accounts to try
        model.put("demoAccounts", demo && users.exists(DemoAccounts.DEMO_USERNAMES.get(1)));
        return new ModelAndView<>("login", model);
    }

    @Post(value = "/login", produces = MediaType.TEXT_HTML)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> submit(HttpRequest<?> request, @Body LoginForm form) {
        PasswordLogin.Result result = login.check(form.username(), form.password(), addresses.of(request));
        if (result.ok()) {
            UserAccount user = result.user().orElseThrow();
            // a handed-out password (first-start admin) is replaced before anything else
            String target = user.mustChangePassword() ? OwnPasswordPages.PAGE + "?required=1" : safeNext(form.next());
            return HttpResponse.seeOther(URI.create(target)).cookie(loginCookie(request, user));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("next", safeNext(form.next()));
        model.put("username", form.username());
        // the same words for a name with and without an account: only the counts kept per name decide
        model.put("error", switch (result.outcome()) {
            case LOCKED -> "locked";
            case THROTTLED -> "throttled";
            case BUSY -> "busy";
            case DISABLED -> "disabled";
            default -> result.remainingAttempts() <= 3 ? "bad-warn" : "bad";
        });
        model.put("remaining", result.remainingAttempts());
        model.put("minutes", result.lockedMinutes());
        model.put("seconds", result.waitSeconds());
        return HttpResponse.ok(new ModelAndView<>("login", model));
    }

    /** The signed login cookie of {@code user}, carrying its role, scope and token version. */
    Cookie loginCookie(HttpRequest<?> request, UserAccount user) {
        Authentication authentication = new ServerAuthentication(user.username(), List.of(user.role().name()),
                DatabaseAuthenticationProvider.attributes(user));
        String token = tokens.generateToken(authentication, (int) expirySeconds)
                .orElseThrow(() -> new IllegalStateException("no login token could be signed"));
        return Cookie.of(cookieName, token).path("/").httpOnly(true).sameSite(SameSite.Lax)
                .secure(request.isSecure()).maxAge(Duration.ofSeconds(expirySeconds));
    }

    /**
     * A logout link typed or followed (GET): a signed-in viewer gets a page that asks to confirm with the POST form
     * (a GET must not end a session: any site could link to it); anyone else the login page.
     */
    @Get(value = "/logout", produces = MediaType.TEXT_HTML)
    @Secured(SecurityRule.IS_ANONYMOUS)
    MutableHttpResponse<?> logoutPage(@Nullable Authentication authentication) {
        if (authentication == null) {
            return HttpResponse.seeOther(URI.create("/login"));
        }
        return HttpResponse.ok(new ModelAndView<>("logout", Map.of("username", authentication.getName())));
    }

    /** Ends this and every other login cookie of the account (the token version goes up), then the login page. */
    @Post(value = "/logout", produces = MediaType.TEXT_HTML)
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.ALL})
    @Secured(SecurityRule.IS_ANONYMOUS)
    MutableHttpResponse<?> logout(HttpRequest<?> request, @Nullable Authentication authentication) {
        if (authentication != null) {
            userService.logout(authentication.getName());
        }
        return HttpResponse.seeOther(URI.create("/login?out=1"))
                .cookie(Cookie.of(cookieName, "").path("/").httpOnly(true).sameSite(SameSite.Lax)
                        .secure(request.isSecure()).maxAge(0));
    }

    /** Only a local path: a login link must never send someone to another site. */
    static String safeNext(@Nullable String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.startsWith("/login") || next.startsWith("/logout")) {
            return "/";
        }
        return next;
    }
}
