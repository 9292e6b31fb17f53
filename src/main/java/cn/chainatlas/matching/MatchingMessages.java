package cn.chainatlas.matching;

import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

@Singleton
final class MatchingMessages extends ResourceBundleMessageSource {
    MatchingMessages() {
        super("i18n.matching");
    }
}
