package cn.chainatlas.security;

import cn.chainatlas.common.Actor;

import cn.chainatlas.common.BadInput;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.views.ModelAndView;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Every user changes their own password, with the current one, on the page {@code /me/password} (the API is
 * {@link MeApi}). The change ends every login cookie of the account; the page sets a fresh one for the browser
 * it was made in.
 */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
final class OwnPasswordPages {

    static final String PAGE = "/me/password";

    @Serdeable
    record PasswordForm(@Nullable String currentPassword, @Nullable String newPassword,
                        @Nullable String confirmPassword) {
    }

    private final UserService users;
    private final ClientAddresses addresses;
    private final LoginPages login;

    OwnPasswordPages(UserService users, ClientAddresses addresses, LoginPages login) {
        this.users = users;
        this.addresses = addresses;
        this.login = login;
    }

    @Get(value = PAGE, produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> page(Authentication authentication, @Nullable @QueryValue String required,
                                           @Nullable @QueryValue String done) {
        Map<String, Object> model = new HashMap<>();
        model.put("required", required != null || mustChange(authentication));
        model.put("done", done != null);
        model.put("minLength", PasswordRule.MIN_LENGTH);
        return new ModelAndView<>("password", model);
    }

    @Post(value = PAGE, produces = MediaType.TEXT_HTML)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    MutableHttpResponse<?> submit(HttpRequest<?> request, Authentication authentication, @Body PasswordForm form) {
        Actor actor = Actors.of(authentication);
        try {
            if (form.newPassword() != null && !form.newPassword().equals(form.confirmPassword())) {
                throw new BadInput("confirmPassword", "两次输入的新密码不一致");
            }
            UserAccount changed = users.changeOwnPassword(actor, form.currentPassword(), form.newPassword(),
                    addresses.of(request));
            return HttpResponse.seeOther(URI.create(PAGE + "?done=1")).cookie(login.loginCookie(request, changed));
        } catch (BadInput e) {
            Map<String, Object> model = new HashMap<>();
            model.put("required", mustChange(authentication));
            model.put("done", false);
            model.put("minLength", PasswordRule.MIN_LENGTH);
            model.put("error", e.getMessage());
            model.put("errorField", e.field());
            return HttpResponse.status(HttpStatus.BAD_REQUEST).body(new ModelAndView<>("password", model));
        }
    }

    private static boolean mustChange(Authentication authentication) {
        return Boolean.TRUE.equals(authentication.getAttributes().get(DatabaseAuthenticationProvider.ATTR_MUST_CHANGE));
    }
}
