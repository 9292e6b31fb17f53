package cn.chainatlas.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The site's icon where browsers look for it without being told ({@code /favicon.ico}); pages also link it. Public,
 * like the static files (it carries nothing but the picture).
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
final class FaviconPages {

    private static final MediaType ICON = MediaType.of("image/x-icon");
    private final byte[] icon;

    FaviconPages() {
        try (InputStream in = FaviconPages.class.getResourceAsStream("/static/favicon.ico")) {
            icon = in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(value = "/favicon.ico", produces = "image/x-icon")
    HttpResponse<byte[]> favicon() {
        return HttpResponse.ok(icon).contentType(ICON).header("Cache-Control", "public, max-age=86400");
    }
}
