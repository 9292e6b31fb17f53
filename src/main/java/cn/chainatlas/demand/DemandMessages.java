package cn.chainatlas.demand;

import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

@Singleton
final class DemandMessages extends ResourceBundleMessageSource {
    DemandMessages() {
        super("i18n.demand");
    }
}
