package cn.chainatlas.security;

import cn.chainatlas.common.Forbidden;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;

import java.util.Map;

/**
 * The person behind a request, with role and scope. Services take an Actor and check it themselves, so a
 * rule holds whichever controller or page calls them.
 *
 * @param cityCode         the 6-digit city code of a CITY user, else null
 * @param leaderCreditCode the credit code of a LEADER user's enterprise, else null
 */
public record Actor(String username, Role role, @Nullable String cityCode, @Nullable String leaderCreditCode) {

    public static final String ATTR_ROLE = "role";
    public static final String ATTR_CITY = "city";
    public static final String ATTR_LEADER = "leader";

    /** The system itself (seed loading, start-up tasks), recorded as such in the audit log. */
    public static final Actor SYSTEM = new Actor("system", Role.ADMIN, null, null);

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

    public boolean is(Role... roles) {
        for (Role r : roles) {
            if (role == r) {
                return true;
            }
        }
        return false;
    }

    /** Sees and edits every city's registry: the platform and the provincial bureau. */
    public boolean isProvinceWide() {
        return is(Role.ADMIN, Role.PROVINCE);
    }

    /** May change the registry entries (and import) of the given city. */
    public boolean mayManageCity(@Nullable String city) {
        return isProvinceWide() || (role == Role.CITY && cityCode != null && cityCode.equals(city));
    }

    public void requireRole(Role... roles) {
        if (!is(roles)) {
            throw new Forbidden("当前角色（" + role.label() + "）无权执行此操作");
        }
    }

    public void requireCity(@Nullable String city) {
        if (!mayManageCity(city)) {
            throw new Forbidden("无权操作其他地市（" + (city == null ? "未指定" : city) + "）的数据");
        }
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
