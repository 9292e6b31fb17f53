package cn.chainatlas.security;

import cn.chainatlas.common.Actor;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.views.thymeleaf.WebEngineContext;
import jakarta.inject.Singleton;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IExpressionObjectDialect;
import org.thymeleaf.expression.IExpressionObjectFactory;

import java.util.Map;
import java.util.Set;

/**
 * Gives every template {@code #page}: {@code #page.csrfToken}, {@code #page.user}, {@code #page.nav}. It is read
 * from the request itself, so the layout works whatever model a feature's controller returns (a Map or a record).
 */
@Singleton
final class PageDialect implements BeanCreatedEventListener<TemplateEngine> {

    private final PageSecurity security;

    PageDialect(PageSecurity security) {
        this.security = security;
    }

    @Override
    public TemplateEngine onCreated(BeanCreatedEvent<TemplateEngine> event) {
        TemplateEngine engine = event.getBean();
        engine.addDialect(new Dialect());
        return engine;
    }

    /** What {@code #page} offers a template. */
    public final class Page {
        private final HttpRequest<?> request;

        Page(@Nullable HttpRequest<?> request) {
            this.request = request;
        }

        public String getCsrfToken() {
            return request == null ? "" : security.csrfToken(request);
        }

        public @Nullable PageSecurity.PageUser getUser() {
            return request == null ? null : security.user(request);
        }

        public Map<String, Boolean> getNav() {
            Actor actor = request == null ? null : security.actor(request).orElse(null);
            return security.nav(actor);
        }

        public String getPath() {
            return request == null ? "" : request.getPath();
        }

        /** true on the nav entry of the current section, so it can be highlighted */
        public boolean section(String prefix) {
            String path = getPath();
            return "/".equals(prefix) ? "/".equals(path) : path.startsWith(prefix);
        }
    }

    private final class Dialect extends AbstractDialect implements IExpressionObjectDialect {
        Dialect() {
            super("chainatlas-page");
        }

        @Override
        public IExpressionObjectFactory getExpressionObjectFactory() {
            return new IExpressionObjectFactory() {
                @Override
                public Set<String> getAllExpressionObjectNames() {
                    return Set.of("page");
                }

                @Override
                public Object buildObject(IExpressionContext context, String name) {
                    HttpRequest<?> request = context instanceof WebEngineContext web ? web.getRequest() : null;
                    return new Page(request);
                }

                @Override
                public boolean isCacheable(String name) {
                    return true;
                }
            };
        }
    }
}
