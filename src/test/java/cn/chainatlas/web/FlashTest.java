package cn.chainatlas.web;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page's notice after a redirect is shown only as this server wrote it, to the user it wrote it for, shortly after:
 * a link with any other text, or a notice another user got signed (a refused form repeats what was typed), shows nothing.
 */
class FlashTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private final Flash flash = new Flash("test-secret", Clock.fixed(NOW, ZoneOffset.UTC));

    private static Map<String, String> query(String url) {
        Map<String, String> out = new HashMap<>();
        for (String kv : URI.create(url).getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            out.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void aNoticeThisServerWroteIsShownToItsUserAndAnyOtherIsNot() {
        String url = flash.to("leader", "/matchmaking/7#record-7", "error", "年供货量：须大于 0");
        assertThat(url).startsWith("/matchmaking/7?error=").endsWith("#record-7");
        Map<String, String> q = query(url);
        assertThat(flash.shown("leader", "error", q.get("error"), q.get("sig"))).isEqualTo("年供货量：须大于 0");
        // another user (the link passed on), another text, another parameter, no signature, another key: nothing
        assertThat(flash.shown("dongguan", "error", q.get("error"), q.get("sig"))).isNull();
        assertThat(flash.shown("leader", "error", "账号异常，请致电 400-000-0000", q.get("sig"))).isNull();
        assertThat(flash.shown("leader", "done", q.get("error"), q.get("sig"))).isNull();
        assertThat(flash.shown("leader", "error", q.get("error"), null)).isNull();
        assertThat(flash.shown("leader", "error", q.get("error"), "zzz")).isNull();
        assertThat(new Flash("another-secret", Clock.fixed(NOW, ZoneOffset.UTC))
                .shown("leader", "error", q.get("error"), q.get("sig"))).isNull();
        // a reload a few minutes later still shows it; the link kept for an hour does not
        Flash later = new Flash("test-secret", Clock.fixed(NOW.plus(Duration.ofMinutes(5)), ZoneOffset.UTC));
        assertThat(later.shown("leader", "error", q.get("error"), q.get("sig"))).isEqualTo("年供货量：须大于 0");
        Flash hourLater = new Flash("test-secret", Clock.fixed(NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC));
        assertThat(hourLater.shown("leader", "error", q.get("error"), q.get("sig"))).isNull();
        // a path with a query of its own keeps it
        assertThat(flash.to("leader", "/demands?batch=3", "done", "已提交")).startsWith("/demands?batch=3&done=");
    }
}
