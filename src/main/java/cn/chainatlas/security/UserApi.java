package cn.chainatlas.security;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.util.List;

/** Accounts over the API. Open to every logged-in user at the route; {@link UserService} admits ADMIN only. */
@Controller("/api/v1/users")
@Secured(SecurityRule.IS_AUTHENTICATED)
final class UserApi {

    private final UserService users;

    UserApi(UserService users) {
        this.users = users;
    }

    @Get
    List<UserView> list(Authentication authentication) {
        return users.list(Actors.of(authentication));
    }

    @Post
    HttpResponse<UserView> create(Authentication authentication, @Body NewUser user) {
        return HttpResponse.created(users.create(Actors.of(authentication), user));
    }

    @Patch("/{username}")
    UserView change(Authentication authentication, @PathVariable String username, @Body UserChange change) {
        return users.change(Actors.of(authentication), username, change);
    }
}
