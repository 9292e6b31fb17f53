package cn.chainatlas.matchmaking;

import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

@Singleton
final class MatchmakingMessages extends ResourceBundleMessageSource {
    MatchmakingMessages() {
        super("i18n.matchmaking");
    }
}
