package cn.chainatlas.report;

import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

@Singleton
final class ReportMessages extends ResourceBundleMessageSource {
    ReportMessages() {
        super("i18n.report");
    }
}
