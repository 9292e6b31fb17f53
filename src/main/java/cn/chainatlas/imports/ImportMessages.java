package cn.chainatlas.imports;

import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

@Singleton
final class ImportMessages extends ResourceBundleMessageSource {
    ImportMessages() {
        super("i18n.imports");
    }
}
