package cn.chainatlas.testing;

import cn.chainatlas.security.PasswordHasher;
import cn.chainatlas.common.Role;
import org.jooq.DSLContext;

import static cn.chainatlas.db.schema.Tables.APP_USER;

/** Users for authorization tests, written straight into app_user. */
public final class TestUsers {

    private static final PasswordHasher HASHER = new PasswordHasher();

    private TestUsers() {
    }

    public static void create(DSLContext dsl, String username, String password, Role role, String cityCode,
                              String leaderCreditCode) {
        dsl.insertInto(APP_USER)
                .set(APP_USER.USERNAME, username)
                .set(APP_USER.PASSWORD_HASH, HASHER.hash(password))
                .set(APP_USER.ROLE, role.name())
                .set(APP_USER.CITY_CODE, cityCode)
                .set(APP_USER.LEADER_CREDIT_CODE, leaderCreditCode)
                .execute();
    }
}
