package cn.chainatlas.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.views.ModelAndView;
import io.micronaut.views.model.ViewModelProcessor;
import jakarta.inject.Singleton;

import java.util.Map;

/** Adds {@code csrfToken} and {@code currentUser} to every Map model, for forms written as {@code ${csrfToken}}. */
@Singleton
final class PageModel implements ViewModelProcessor<Map<String, Object>> {

    private final PageSecurity security;

    PageModel(PageSecurity security) {
        this.security = security;
    }

    @Override
    public void process(HttpRequest<?> request, ModelAndView<Map<String, Object>> modelAndView) {
        modelAndView.getModel().ifPresent(model -> {
            try {
                model.putIfAbsent("csrfToken", security.csrfToken(request));
                var user = security.user(request);
                if (user != null) {
                    model.putIfAbsent("currentUser", user);
                }
            } catch (UnsupportedOperationException immutable) {
                // Map.of(...) models cannot take entries; such pages use #page.csrfToken instead
            }
        });
    }
}
