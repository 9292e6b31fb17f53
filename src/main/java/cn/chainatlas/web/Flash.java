package cn.chainatlas.web;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The notice a page shows after a form's redirect (「已推进对接」, a refused move's reason), carried in the redirect's
 * query and signed: a page shows {@code ?done=…}/{@code ?error=…} only with the signature this server gave it, so a
 * link someone else wrote (「账号异常，请致电…」) shows nothing. Signed with the login cookies' key (the same on every
 * instance of one installation, README), HMAC-SHA-256 (RFC 2104) over the parameter's name and text.
 */
@Singleton
public class Flash {

    /** The query parameter of the signature. */
    public static final String SIG = "sig";

    private final SecretKeySpec key;

    Flash(@Value("${micronaut.security.token.jwt.signatures.secret.generator.secret:}") String secret) {
        byte[] k;
        if (secret == null || secret.isBlank()) {
            // no configured key (a test context): notices still work within this process
            k = new byte[32];
            new SecureRandom().nextBytes(k);
        } else {
            k = ("flash|" + secret).getBytes(StandardCharsets.UTF_8);
        }
        this.key = new SecretKeySpec(k, "HmacSHA256");
    }

    /**
     * Where to redirect: {@code path} with the notice and its signature, before any {@code #fragment} of the path.
     *
     * @param param   the notice's parameter ({@code done}, {@code error}, {@code saved})
     * @param message the notice's text
     */
    public String to(String path, String param, String message) {
        int hash = path.indexOf('#');
        String base = hash < 0 ? path : path.substring(0, hash);
        String fragment = hash < 0 ? "" : path.substring(hash);
        return base + (base.contains("?") ? "&" : "?") + param + "=" + enc(message) + "&" + SIG + "=" + sign(param, message)
                + fragment;
    }

    /** The notice to show: {@code message} when {@code sig} is this server's signature of it, otherwise null. */
    public @Nullable String shown(String param, @Nullable String message, @Nullable String sig) {
        if (message == null || sig == null) {
            return null;
        }
        byte[] expected = sign(param, message).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII)) ? message : null;
    }

    private String sign(String param, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] out = mac.doFinal((param + "\n" + message).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(out, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
