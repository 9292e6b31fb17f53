package cn.chainatlas.enterprise;

import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

@Singleton
final class EnterpriseMessages extends ResourceBundleMessageSource {
    EnterpriseMessages() {
        super("i18n.enterprise");
    }
}
