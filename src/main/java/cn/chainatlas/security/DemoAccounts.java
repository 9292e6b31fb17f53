package cn.chainatlas.security;

import cn.chainatlas.common.Actor;

import cn.chainatlas.audit.AuditLog;
import cn.chainatlas.common.Role;

import cn.chainatlas.db.SeedLoader;
import cn.chainatlas.db.SeedMode;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Demo accounts (password {@value #PASSWORD}, which meets the password rule), created only with the demo seed and
 * only when missing: {@code province} (provincial bureau), {@code dongguan} (东莞 city bureau 441900) and
 * {@code leader} (the demo registry's chain leader 91441900MA51LEAD0L). Every start with them says so loudly in the
 * log. Started without the demo seed, demo accounts left from an earlier demo start that still have the published
 * password are disabled.
 */
@Singleton
final class DemoAccounts implements SeedLoader {

    static final String PASSWORD = "Lingnan-Chain-2026";
    static final String LEADER_CREDIT_CODE = "91441900MA51LEAD0L";
    static final List<String> DEMO_USERNAMES = List.of("province", "dongguan", "leader");

    private static final Logger LOG = LoggerFactory.getLogger(DemoAccounts.class);

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final UserService service;
    private final boolean demo;

    DemoAccounts(UserRepository users, PasswordHasher hasher, AuditLog audit, UserService service,
                 @Value("${chainatlas.seed:}") String seed,
                 @Value("${chainatlas.embedded:false}") boolean embedded) {
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
        this.service = service;
        this.demo = SeedMode.parse(seed, embedded).includesDemo();
    }

    @Override
    public int order() {
        return 900;
    }

    @Override
    public void load(SeedMode mode) {
        if (!mode.includesDemo()) {
            return;
        }
        create("province", "广东省工业和信息化厅（演示）", Role.PROVINCE, null, null);
        create("dongguan", "东莞市工业和信息化局（演示）", Role.CITY, "441900", null);
        create("leader", "东莞链主企业（演示）", Role.LEADER, null, LEADER_CREDIT_CODE);
        String banner = "*".repeat(100);
        LOG.warn(banner);
        LOG.warn("*** DEMO ACCOUNTS ARE ACTIVE (CHAINATLAS_SEED=demo): {} with the published password {}",
                String.join(", ", DEMO_USERNAMES), PASSWORD);
        LOG.warn("*** Anyone who reads the README can log in with them. Do not use this installation for real data:");
        LOG.warn("*** start it with CHAINATLAS_SEED=reference (they are then disabled) or disable them on /admin/users.");
        LOG.warn(banner);
    }

    /** Without the demo seed, demo accounts that still have the published password must not work. */
    @EventListener
    void onStartup(StartupEvent event) {
        if (demo) {
            return;
        }
        for (String username : DEMO_USERNAMES) {
            users.findByUsername(username).filter(UserAccount::enabled)
                    .filter(a -> hasher.matches(PASSWORD, a.passwordHash()) || hasher.matches("demo12345", a.passwordHash()))
                    .ifPresent(a -> {
                        service.change(Actor.SYSTEM, a.username(), new UserChange(false, null, null));
                        LOG.warn("Demo account '{}' disabled: this start has no demo seed and it still had the published password",
                                a.username());
                    });
        }
    }

    private void create(String username, String displayName, Role role, String city, String leader) {
        var existing = users.findByUsername(username);
        if (existing.isPresent()) {
            // a demo database from before the password rule: its accounts move to the new published password
            if (hasher.matches("demo12345", existing.get().passwordHash())) {
                service.change(Actor.SYSTEM, username, new UserChange(null, PASSWORD, null));
                LOG.info("Demo account '{}' moved from the old demo password to {}", username, PASSWORD);
            }
            return;
        }
        users.insert(username, hasher.hash(PASSWORD), displayName, role, city, leader);
        audit.record(Actor.SYSTEM, "USER_CREATE", "user:" + username, null,
                new UserView(username, displayName, role, city, leader, true, false, null).audited(), "演示账号");
        LOG.info("Demo account '{}' ({}) created with password {}", username, role, PASSWORD);
    }
}
