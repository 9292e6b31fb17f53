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
 * query and signed: a page shows {@code ?done=…}/{@code ?error=…} only with the signature this server gave it, for the
 * user it gave it to, within {@link #VALID} — so a link someone else wrote (「账号异常，请致电…」), or a notice another
 * user got signed (a refused form's message repeats what was typed), shows nothing. Signed with the login cookies' key
 * (the same on every instance of one installation, README), HMAC-SHA-256 (RFC 2104) over the user, the parameter's
 * name, the text and the moment of signing.
 */
@Singleton
public class Flash {

    /** The query parameter of the signature. */
    public static final String SIG = "sig";
    /** How long after the redirect its notice is shown (a reload a little later still shows it). */
    static final java.time.Duration VALID = java.time.Duration.ofMinutes(10);

    private final java.time.Clock clock;

    private final SecretKeySpec key;

    @jakarta.inject.Inject
    Flash(@Value("${micronaut.security.token.jwt.signatures.secret.generator.secret:}") String secret) {
        this(secret, java.time.Clock.systemUTC());
    }

    Flash(String secret, java.time.Clock clock) {
        this.clock = clock;
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
     * @param user    the signed-in user the notice is for (only this user's pages show it)
     * @param param   the notice's parameter ({@code done}, {@code error}, {@code saved})
     * @param message the notice's text
     */
    public String to(String user, String path, String param, String message) {
        int hash = path.indexOf('#');
        String base = hash < 0 ? path : path.substring(0, hash);
        String fragment = hash < 0 ? "" : path.substring(hash);
        long at = clock.instant().getEpochSecond();
        return base + (base.contains("?") ? "&" : "?") + param + "=" + enc(message) + "&" + SIG + "="
                + Long.toString(at, 36) + "." + sign(user, param, message, at) + fragment;
    }

    /**
     * The notice to show: {@code message} when {@code sig} is this server's signature of it for {@code user}, signed
     * at most {@link #VALID} ago; otherwise null.
     */
    public @Nullable String shown(String user, String param, @Nullable String message, @Nullable String sig) {
        if (message == null || sig == null || user == null) {
            return null;
        }
        int dot = sig.indexOf('.');
        long at;
        try {
            at = dot < 1 ? -1 : Long.parseLong(sig.substring(0, dot), 36);
        } catch (NumberFormatException e) {
            return null;
        }
        long now = clock.instant().getEpochSecond();
        if (at < 0 || at > now + 60 || now - at > VALID.toSeconds()) {
            return null;
        }
        byte[] expected = sign(user, param, message, at).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, sig.substring(dot + 1).getBytes(StandardCharsets.US_ASCII)) ? message : null;
    }

    private String sign(String user, String param, String message, long at) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] out = mac.doFinal((user + "\n" + param + "\n" + at + "\n" + message).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(out, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
