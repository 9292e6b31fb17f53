package cn.chainatlas.security;

import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Forbidden;
import cn.chainatlas.common.Role;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;

/**
 * Turns a login into the {@link Actor} the services check. The login's attributes are written by
 * {@link DatabaseAuthenticationProvider} (and kept in the signed login cookie) under the names below. A controller
 * method may also simply take an {@code Actor} argument ({@link Binder}): the login is then turned into an Actor
 * before the method runs, so the feature's controller needs nothing of this package (the upload path of
 * docs/architecture.md passes security once, first).
 */
public final class Actors {

    public static final String ATTR_ROLE = "role";
    public static final String ATTR_CITY = "city";
    public static final String ATTR_LEADER = "leader";

    private Actors() {
    }

    /**
     * @throws Forbidden 未登录 when there is no login, or when the login carries no role
     */
    public static Actor of(Authentication authentication) {
        if (authentication == null) {
            throw new Forbidden("未登录");
        }
        Map<String, Object> attributes = authentication.getAttributes();
        Object role = attributes.get(ATTR_ROLE);
        if (role == null) {
            throw new Forbidden("账号没有角色");
        }
        return new Actor(authentication.getName(), Role.valueOf(role.toString()),
                text(attributes.get(ATTR_CITY)), text(attributes.get(ATTR_LEADER)));
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    /** Binds a controller method's {@code Actor} argument; no login answers 403 未登录, as {@link #of} does. */
    @Singleton
    static final class Binder implements TypedRequestArgumentBinder<Actor> {

        private static final Argument<Actor> TYPE = Argument.of(Actor.class);

        @Override
        public Argument<Actor> argumentType() {
            return TYPE;
        }

        @Override
        public BindingResult<Actor> bind(ArgumentConversionContext<Actor> context, HttpRequest<?> source) {
            Actor actor = of(source.getUserPrincipal(Authentication.class).orElse(null));
            return () -> Optional.of(actor);
        }
    }
}
