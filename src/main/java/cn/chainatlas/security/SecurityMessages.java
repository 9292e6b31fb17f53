package cn.chainatlas.security;

import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

/** Words of the login, users and audit pages. */
@Singleton
final class SecurityMessages extends ResourceBundleMessageSource {
    SecurityMessages() {
        super("i18n.security");
    }
}
