package cn.chainatlas.security;

import cn.chainatlas.common.Actor;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Lets a controller method take the {@link Actor} itself: the login the security filter found is turned into an
 * Actor before the method runs, so a feature's controller needs nothing of this package (the upload path of
 * docs/architecture.md passes security once, first). No login answers 403 未登录, as {@link Actors#of} does.
 */
@Singleton
final class ActorArgumentBinder implements TypedRequestArgumentBinder<Actor> {

    private static final Argument<Actor> TYPE = Argument.of(Actor.class);

    @Override
    public Argument<Actor> argumentType() {
        return TYPE;
    }

    @Override
    public BindingResult<Actor> bind(ArgumentConversionContext<Actor> context, HttpRequest<?> source) {
        Actor actor = Actors.of(source.getUserPrincipal(Authentication.class).orElse(null));
        return () -> Optional.of(actor);
    }
}
