package cn.chainatlas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** Settings read before the application context exists: where data lives, which database, the token key. */
public final class RuntimeSettings {

    private RuntimeSettings() {
    }

    public static Path dataDir() {
        String configured = setting("CHAINATLAS_DATA_DIR", "chainatlas.data-dir");
        return Path.of(configured == null || configured.isBlank() ? "data" : configured).toAbsolutePath().normalize();
    }

    public static Optional<String> externalDatabaseUrl() {
        return Optional.ofNullable(setting("DATASOURCES_DEFAULT_URL", "datasources.default.url")).filter(s -> !s.isBlank());
    }

    /**
     * The key that signs login cookies. Kept in the data folder so sessions survive a restart; an operator may
     * set {@code CHAINATLAS_TOKEN_SECRET} instead (needed when several instances share one database).
     */
    public static Map<String, Object> tokenSecret(Path dataDir) throws IOException {
        String secret = setting("CHAINATLAS_TOKEN_SECRET", "chainatlas.token-secret");
        if (secret == null || secret.isBlank()) {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve("token-secret");
            if (!Files.exists(file)) {
                byte[] bytes = new byte[48];
                new SecureRandom().nextBytes(bytes);
                Files.writeString(file, HexFormat.of().formatHex(bytes), StandardCharsets.US_ASCII);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system (Windows): the folder's own permissions apply
                }
            }
            secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        return Map.of("micronaut.security.token.jwt.signatures.secret.generator.secret", secret);
    }

    private static String setting(String env, String property) {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(env);
    }
}
