package cn.chainatlas.security;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No template carries an inline event handler ({@code onchange=}, {@code onsubmit=}, …) or a {@code javascript:}
 * address: the Content-Security-Policy (SecurityHeaders: scripts only from this origin or with the answer's nonce)
 * refuses them silently, so the control looks alive and does nothing — the 需求 list's city filter did nothing and
 * 删除需求 deleted without asking. Pages say it with {@code data-confirm} / {@code data-autosubmit} (static/app.js).
 */
class InlineHandlersTest {

    private static final Pattern HANDLER = Pattern.compile("(?i)<[a-z][^>]*?\\s(on[a-z]+)\\s*=|(?i)href\\s*=\\s*\"\\s*javascript:");

    @Test
    void noTemplateHasAnInlineHandlerThePolicyWouldRefuse() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("templates"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".html")).toList()) {
                String text = Files.readString(f);
                Matcher m = HANDLER.matcher(text);
                while (m.find()) {
                    int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                    found.add(f + ":" + line + " " + (m.group(1) != null ? m.group(1) : "javascript:"));
                }
            }
        }
        assertThat(found).as("inline handlers the Content-Security-Policy refuses").isEmpty();
    }

    @Test
    void thePatternFindsWhatItLooksFor() {
        assertThat(HANDLER.matcher("<select name=\"city\" onchange=\"this.form.submit()\">").find()).isTrue();
        assertThat(HANDLER.matcher("<form method=\"post\"\n      onsubmit=\"return confirm('x');\">").find()).isTrue();
        assertThat(HANDLER.matcher("<a href=\"javascript:history.back()\">").find()).isTrue();
        assertThat(HANDLER.matcher("<select data-autosubmit name=\"online\">").find()).isFalse();
        assertThat(HANDLER.matcher("<p>online 与 onsite</p>").find()).isFalse();
    }
}
