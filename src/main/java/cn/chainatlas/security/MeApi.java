package cn.chainatlas.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The caller's own account: {@code POST /api/v1/me/password} {@code {"currentPassword", "newPassword"}} (204);
 * the change ends every login cookie of the account.
 */
@Controller("/api/v1/me")
@Secured(SecurityRule.IS_AUTHENTICATED)
final class MeApi {

    @Serdeable
    record PasswordChange(@Nullable String currentPassword, @Nullable String newPassword) {
    }

    private final UserService users;
    private final ClientAddresses addresses;

    MeApi(UserService users, ClientAddresses addresses) {
        this.users = users;
        this.addresses = addresses;
    }

    @Post("/password")
    HttpResponse<?> change(HttpRequest<?> request, Authentication authentication, @Body PasswordChange change) {
        users.changeOwnPassword(Actors.of(authentication), change.currentPassword(), change.newPassword(),
                addresses.of(request));
        return HttpResponse.noContent();
    }
}
