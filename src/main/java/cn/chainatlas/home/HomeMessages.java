package cn.chainatlas.home;

import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

/** The words of the city bureau's and the leader's home pages ({@code i18n/home.properties}). */
@Singleton
final class HomeMessages extends ResourceBundleMessageSource {
    HomeMessages() {
        super("i18n.home");
    }
}
