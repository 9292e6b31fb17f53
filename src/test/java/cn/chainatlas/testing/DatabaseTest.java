package cn.chainatlas.testing;

import cn.chainatlas.db.EmbeddedDatabase;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.Map;

/**
 * Base for tests that touch data: the Micronaut context of the test class runs against its own schema on the
 * shared embedded MariaDB, migrated by Flyway like production. Subclasses annotate with {@code @MicronautTest}
 * and may override {@link #seedMode()} or {@link #extraProperties()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DatabaseTest implements TestPropertyProvider {

    /** The admin password every test context starts with. */
    public static final String ADMIN_PASSWORD = "admin-test-password";

    /** {@code none}, {@code reference} or {@code demo}. */
    protected String seedMode() {
        return "none";
    }

    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    /**
     * For {@link #extraProperties()}: readers never wait for figures being recomputed after a write and get the previous
     * ones with their notice, as on a busy server (the other tests wait, since they read right after their own writes).
     */
    protected static final Map<String, String> PREVIOUS_FIGURES_AT_ONCE = Map.of("chainatlas.figures-cache.fresh-wait", "0ms");

    @Override
    public Map<String, String> getProperties() {
        EmbeddedDatabase db = TestDatabase.server();
        String schema = TestDatabase.newSchema(getClass().getSimpleName());
        Map<String, String> p = new HashMap<>();
        p.put("datasources.default.url", db.jdbcUrl(schema));
        p.put("datasources.default.username", db.username());
        p.put("datasources.default.password", db.password());
        p.put("chainatlas.seed", seedMode());
        p.put("chainatlas.admin-password", ADMIN_PASSWORD);
        // tests log in as admin with ADMIN_PASSWORD throughout; FirstLoginTest checks the forced change
        p.put("chainatlas.admin-must-change-password", "false");
        p.put("micronaut.security.token.jwt.signatures.secret.generator.secret",
                "test-secret-test-secret-test-secret-test-secret-0123456789");
        p.putAll(extraProperties());
        return p;
    }
}
