package cn.chainatlas.security;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.views.thymeleaf.WebEngineContext;
import jakarta.inject.Singleton;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.dialect.AbstractProcessorDialect;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.IProcessor;
import org.thymeleaf.processor.element.AbstractElementTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.templatemode.TemplateMode;

import java.util.Set;

/**
 * Gives every {@code <script>} element written in a template the nonce of the answer's Content-Security-Policy
 * ({@link SecurityHeaders}), so inline scripts of any feature's page run without {@code 'unsafe-inline'}. Only
 * elements of the templates themselves get it: text put into a page through {@code th:text} or {@code th:utext} is
 * never parsed as an element here, so injected markup cannot borrow the nonce.
 */
@Singleton
final class CspNonceDialect implements BeanCreatedEventListener<TemplateEngine> {

    @Override
    public TemplateEngine onCreated(BeanCreatedEvent<TemplateEngine> event) {
        TemplateEngine engine = event.getBean();
        engine.addDialect(new Dialect());
        return engine;
    }

    private static final class Dialect extends AbstractProcessorDialect {
        Dialect() {
            super("chainatlas-csp", "csp", 1000);
        }

        @Override
        public Set<IProcessor> getProcessors(String dialectPrefix) {
            return Set.of(new ScriptNonce(dialectPrefix));
        }
    }

    private static final class ScriptNonce extends AbstractElementTagProcessor {
        ScriptNonce(String dialectPrefix) {
            super(TemplateMode.HTML, dialectPrefix, "script", false, null, false, 1000);
        }

        @Override
        protected void doProcess(ITemplateContext context, IProcessableElementTag tag,
                                 IElementTagStructureHandler structureHandler) {
            if (context instanceof WebEngineContext web && web.getRequest() != null) {
                web.getRequest().getAttribute(SecurityHeaders.NONCE, String.class)
                        .ifPresent(nonce -> structureHandler.setAttribute("nonce", nonce));
            }
        }
    }
}
