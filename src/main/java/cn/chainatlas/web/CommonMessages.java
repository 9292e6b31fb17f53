package cn.chainatlas.web;

import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

/**
 * The shared UI words. Each feature registers its own bundle the same way ({@code i18n/<feature>.properties});
 * Micronaut's composite message source asks them all, and the pages read them with {@code #{key}}.
 */
@Singleton
final class CommonMessages extends ResourceBundleMessageSource {
    CommonMessages() {
        super("i18n.messages");
    }
}
