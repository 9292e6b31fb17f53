package cn.chainatlas.chain;

import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

@Singleton
final class ChainMessages extends ResourceBundleMessageSource {
    ChainMessages() {
        super("i18n.chain");
    }
}
