package cn.chainatlas.security;

import cn.chainatlas.common.Role;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;

/**
 * On first start creates the {@code admin} account from CHAINATLAS_ADMIN_PASSWORD, or a random password logged
 * once. Either was handed out (a log line, an environment variable), so it must be changed at the first login
 * ({@code chainatlas.admin-must-change-password}, default true): until then the account can do nothing else.
 */
@Singleton
final class AdminBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final String configuredPassword;
    private final boolean mustChange;

    AdminBootstrap(UserRepository users, PasswordHasher hasher,
                   @Value("${chainatlas.admin-password:}") String configuredPassword,
                   @Value("${chainatlas.admin-must-change-password:true}") boolean mustChange) {
        this.users = users;
        this.hasher = hasher;
        this.configuredPassword = configuredPassword;
        this.mustChange = mustChange;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (users.exists("admin")) {
            return;
        }
        String password = configuredPassword;
        boolean generated = password == null || password.isBlank();
        if (generated) {
            SecureRandom random = new SecureRandom();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            password = sb.toString();
        }
        users.insert("admin", hasher.hash(password), "平台管理员", Role.ADMIN, null, null, mustChange);
        String then = mustChange ? "; it must be changed at the first login (/me/password)" : "";
        if (generated) {
            LOG.warn("Created user 'admin' with the one-time password: {}  (set CHAINATLAS_ADMIN_PASSWORD to choose it){}",
                    password, then);
        } else {
            LOG.info("Created user 'admin' with the password from CHAINATLAS_ADMIN_PASSWORD{}", then);
        }
    }
}
