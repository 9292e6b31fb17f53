package cn.chainatlas.security;

import cn.chainatlas.db.SeedLoader;
import cn.chainatlas.db.SeedMode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo accounts (password {@value #PASSWORD}), created only with the demo seed and only when missing:
 * {@code province} (provincial bureau), {@code dongguan} (东莞 city bureau 441900) and {@code leader} (the demo
 * registry's chain leader 91441900MA51LEAD0L).
 */
@Singleton
final class DemoAccounts implements SeedLoader {

    static final String PASSWORD = "demo12345";
    static final String LEADER_CREDIT_CODE = "91441900MA51LEAD0L";
    static final java.util.List<String> DEMO_USERNAMES = java.util.List.of("province", "dongguan", "leader");

    private static final Logger LOG = LoggerFactory.getLogger(DemoAccounts.class);

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AuditLog audit;

    DemoAccounts(UserRepository users, PasswordHasher hasher, AuditLog audit) {
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
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
    }

    private void create(String username, String displayName, Role role, String city, String leader) {
        if (users.exists(username)) {
            return;
        }
        users.insert(username, hasher.hash(PASSWORD), displayName, role, city, leader);
        audit.record(Actor.SYSTEM, "USER_CREATE", "user:" + username, null,
                new UserView(username, displayName, role, city, leader, true, false, null), "演示账号");
        LOG.info("Demo account '{}' ({}) created with password {}", username, role, PASSWORD);
    }
}
