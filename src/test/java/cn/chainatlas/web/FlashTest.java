package cn.chainatlas.web;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A page's notice after a redirect is shown only as this server wrote it: a link with any other text shows nothing. */
class FlashTest {

    private final Flash flash = new Flash("test-secret");

    private static Map<String, String> query(String url) {
        Map<String, String> out = new HashMap<>();
        for (String kv : URI.create(url).getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            out.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void aNoticeThisServerWroteIsShownAndAnyOtherIsNot() {
        String url = flash.to("/matchmaking/7#record-7", "error", "年供货量：须大于 0");
        assertThat(url).startsWith("/matchmaking/7?error=").endsWith("#record-7");
        Map<String, String> q = query(url);
        assertThat(flash.shown("error", q.get("error"), q.get("sig"))).isEqualTo("年供货量：须大于 0");
        // another text, another parameter, no signature, another installation's key: nothing shown
        assertThat(flash.shown("error", "账号异常，请致电 400-000-0000", q.get("sig"))).isNull();
        assertThat(flash.shown("done", q.get("error"), q.get("sig"))).isNull();
        assertThat(flash.shown("error", q.get("error"), null)).isNull();
        assertThat(new Flash("another-secret").shown("error", q.get("error"), q.get("sig"))).isNull();
        // a path with a query of its own keeps it
        assertThat(flash.to("/demands?batch=3", "done", "已提交")).startsWith("/demands?batch=3&done=");
    }
}
