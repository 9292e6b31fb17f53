package cn.chainatlas.matchmaking;

import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

/** The words of the allocation and 补链 target pages ({@code i18n/allocation.properties}). */
@Singleton
final class AllocationMessages extends ResourceBundleMessageSource {
    AllocationMessages() {
        super("i18n.allocation");
    }
}
