package cn.chainatlas.security;

import cn.chainatlas.audit.AuditLog;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;

import cn.chainatlas.geo.Cities;

import cn.chainatlas.common.BadInput;
import cn.chainatlas.common.NotFound;

import cn.chainatlas.common.CreditCode;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static cn.chainatlas.db.schema.Tables.APP_USER;

/** Accounts: only ADMIN lists, creates and changes them; every change goes to the audit log with before and after. */
@Singleton
public final class UserService {

    private final Cities cities;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,64}");

    private final UserRepository users;
    private final HashingPool hasher;
    private final AuditLog audit;
    private final DSLContext dsl;
    private final ActiveAccountClaimsValidator sessions;
    private final BasicCredentialCache basicCache;
    private final PasswordLogin login;
    private final LeaderDirectory leaders;

    UserService(UserRepository users, HashingPool hasher, AuditLog audit, DSLContext dsl,
                ActiveAccountClaimsValidator sessions, BasicCredentialCache basicCache, PasswordLogin login,
                Cities cities, LeaderDirectory leaders) {
        this.leaders = leaders;
        this.cities = cities;
        this.sessions = sessions;
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
        this.dsl = dsl;
        this.basicCache = basicCache;
        this.login = login;
    }

    public List<UserView> list(Actor actor) {
        actor.requireRole(Role.ADMIN);
        return users.findAll().stream().map(UserView::of).toList();
    }

    /** City codes and names for the users page's city choice. */
    public Map<String, String> cities(Actor actor) {
        actor.requireRole(Role.ADMIN);
        return cities.names();
    }

    public UserView create(Actor actor, NewUser input) {
        actor.requireRole(Role.ADMIN);
        String username = trim(input.username());
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new BadInput("username", "用户名须为 3–64 位字母、数字或 _ . -（收到：" + (username == null ? "空" : username) + "）");
        }
        if (users.exists(username)) {
            throw new BadInput("username", "用户名 " + username + " 已存在");
        }
        PasswordRule.require(input.password(), username, trim(input.displayName()), "password");
        Role role = parseRole(input.role());
        String city = trim(input.city());
        String leader = trim(input.leaderCreditCode());
        if (leader != null) {
            leader = leader.toUpperCase(Locale.ROOT);
        }
        switch (role) {
            case CITY -> {
                if (city == null) {
                    throw new BadInput("city", "地市局账号必须指定所属地市（6 位代码，如东莞 441900）");
                }
                if (!city.matches("\\d{6}") || !cities.exists(city)) {
                    throw new BadInput("city", "地市代码 " + city + " 不存在（应为广东省地市的 6 位代码，如东莞 441900）");
                }
                if (leader != null) {
                    throw new BadInput("leaderCreditCode", "地市局账号不能绑定链主企业信用代码");
                }
            }
            case LEADER -> {
                if (leader == null) {
                    throw new BadInput("leaderCreditCode", "链主企业账号必须填写企业的统一社会信用代码（18 位）");
                }
                if (CreditCode.check(leader) != CreditCode.Problem.NONE) {
                    throw new BadInput("leaderCreditCode", "统一社会信用代码 " + leader
                            + " 无效：应为 18 位且末位校验码符合 GB 32100-2015");
                }
                if (city != null) {
                    throw new BadInput("city", "链主企业账号不绑定地市（所属地市以企业名录为准）");
                }
                // the account speaks for a leader enterprise of the registry, so that its demands have a leader
                if (leaders.name(leader).isEmpty()) {
                    throw new BadInput("leaderCreditCode", "企业名录中没有统一社会信用代码为 " + leader
                            + " 的企业：链主企业账号必须对应名录中的链主企业，请先导入或登记该企业");
                }
                if (!leaders.isLeader(leader)) {
                    throw new BadInput("leaderCreditCode", "「" + leaders.name(leader).orElse(leader) + "」（" + leader
                            + "）在企业名录中不是链主企业：请先在企业页面或 /api/v1/leaders 将其认定为链主，再创建账号");
                }
            }
            case ADMIN, PROVINCE -> {
                if (city != null || leader != null) {
                    throw new BadInput(city != null ? "city" : "leaderCreditCode",
                            "平台管理员和省厅账号覆盖全省，不能绑定地市或企业");
                }
            }
        }
        String displayName = trim(input.displayName());
        String hash = hasher.hash(input.password());
        String finalLeader = leader;
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.insertInto(APP_USER)
                    .set(APP_USER.USERNAME, username)
                    .set(APP_USER.PASSWORD_HASH, hash)
                    .set(APP_USER.DISPLAY_NAME, displayName)
                    .set(APP_USER.ROLE, role.name())
                    .set(APP_USER.CITY_CODE, city)
                    .set(APP_USER.LEADER_CREDIT_CODE, finalLeader)
                    .execute();
            UserView created = new UserView(username, displayName, role, city, finalLeader, true, false, null);
            audit.record(tx, actor, "USER_CREATE", "user:" + username, null, created.audited(), null);
        });
        return UserView.of(users.findByUsername(username).orElseThrow());
    }

    public UserView change(Actor actor, String username, UserChange change) {
        actor.requireRole(Role.ADMIN);
        UserAccount before = users.findByUsername(username)
                .orElseThrow(() -> new NotFound("用户 " + username + " 不存在"));
        if (change.password() != null) {
            PasswordRule.require(change.password(), username, before.displayName(), "password");
        }
        if (Boolean.FALSE.equals(change.enabled()) && username.equals(actor.username())) {
            throw new BadInput("enabled", "不能停用自己正在使用的账号");
        }
        String hash = change.password() == null ? null : hasher.hash(change.password());
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            if (change.enabled() != null) {
                users.setEnabled(tx, username, change.enabled());
            }
            if (hash != null) {
                users.setPassword(tx, username, hash, false);
            }
            if (change.displayName() != null) {
                users.setDisplayName(tx, username, trim(change.displayName()));
            }
            String action = change.enabled() != null && change.password() == null && change.displayName() == null
                    ? (change.enabled() ? "USER_ENABLE" : "USER_DISABLE")
                    : "USER_UPDATE";
            UserView after = UserView.of(new UserAccount(before.id(), username, "", change.displayName() != null
                    ? trim(change.displayName()) : before.displayName(), before.role(), before.cityCode(),
                    before.leaderCreditCode(), change.enabled() != null ? change.enabled() : before.enabled(),
                    0, change.enabled() == Boolean.TRUE || hash != null ? null : before.lockedUntil(), before.createdAt(),
                    before.tokenVersion(), before.mustChangePassword()));
            audit.record(tx, actor, action, "user:" + username, UserView.of(before).audited(), after.audited(),
                    hash != null ? "重置了密码" : null);
        });
        if (Boolean.TRUE.equals(change.enabled())) {
            login.unlock(username);
        }
        forgetSessions(username);
        return UserView.of(users.findByUsername(username).orElseThrow());
    }

    /**
     * A user replaces their own password, proving the current one (which counts as a login try: throttled, and a
     * wrong one counts towards the lock). Every login cookie of the account ends; the caller issues a new one.
     */
    public UserAccount changeOwnPassword(Actor actor, @Nullable String currentPassword, @Nullable String newPassword,
                                         String address) {
        UserAccount before = users.findByUsername(actor.username())
                .orElseThrow(() -> new NotFound("用户 " + actor.username() + " 不存在"));
        // the rule first: a refused new password costs no login try
        PasswordRule.require(newPassword, before.username(), before.displayName(), "newPassword");
        if (newPassword.equals(currentPassword)) {
            throw new BadInput("newPassword", "新密码不能与当前密码相同");
        }
        PasswordLogin.Result check = login.check(actor.username(), currentPassword, address);
        switch (check.outcome()) {
            case SUCCESS -> {
            }
            case THROTTLED -> throw new BadInput("currentPassword", "尝试过于频繁，请 " + check.waitSeconds() + " 秒后再试");
            case LOCKED -> throw new BadInput("currentPassword",
                    "该账号因登录失败次数过多已被锁定，请 " + check.lockedMinutes() + " 分钟后再试");
            case BUSY -> throw new BadInput("currentPassword", "同时登录的人较多，请稍后再试");
            default -> throw new BadInput("currentPassword", "当前密码不正确");
        }
        String hash = hasher.hash(newPassword);
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            users.setPassword(tx, before.username(), hash, false);
            audit.record(tx, actor, "USER_PASSWORD_CHANGE", "user:" + before.username(), null, null,
                    before.mustChangePassword() ? "首次登录，修改了初始密码" : "修改了自己的密码");
        });
        forgetSessions(before.username());
        return users.findByUsername(before.username()).orElseThrow();
    }

    /** Logout: every login cookie of the account ends, not only the one in this browser. */
    public void logout(String username) {
        users.bumpTokenVersion(username);
        forgetSessions(username);
    }

    private void forgetSessions(String username) {
        sessions.forget(username);
        basicCache.forget(username);
    }

    private static Role parseRole(@Nullable String role) {
        if (role == null || role.isBlank()) {
            throw new BadInput("role", "请选择角色：ADMIN、PROVINCE、CITY 或 LEADER");
        }
        try {
            return Role.valueOf(role.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInput("role", "角色 " + role + " 不存在，应为 ADMIN、PROVINCE、CITY 或 LEADER");
        }
    }

    private static @Nullable String trim(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
