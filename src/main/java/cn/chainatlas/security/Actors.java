package cn.chainatlas.security;

import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Forbidden;
import cn.chainatlas.common.Role;
import io.micronaut.security.authentication.Authentication;

import java.util.Map;

/**
 * Turns a login into the {@link Actor} the services check. The login's attributes are written by
 * {@link DatabaseAuthenticationProvider} (and kept in the signed login cookie) under the names below.
 */
public final class Actors {

    public static final String ATTR_ROLE = "role";
    public static final String ATTR_CITY = "city";
    public static final String ATTR_LEADER = "leader";

    private Actors() {
    }

    /**
     * @throws Forbidden 未登录 when there is no login, or when the login carries no role
     */
    public static Actor of(Authentication authentication) {
        if (authentication == null) {
            throw new Forbidden("未登录");
        }
        Map<String, Object> attributes = authentication.getAttributes();
        Object role = attributes.get(ATTR_ROLE);
        if (role == null) {
            throw new Forbidden("账号没有角色");
        }
        return new Actor(authentication.getName(), Role.valueOf(role.toString()),
                text(attributes.get(ATTR_CITY)), text(attributes.get(ATTR_LEADER)));
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
