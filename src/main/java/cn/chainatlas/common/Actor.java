package cn.chainatlas.common;

/**
 * The person behind a request, with role and scope. Services take an Actor and check it themselves, so a
 * rule holds whichever controller or page calls them. Plain Java, so every package can take one;
 * {@code security.Actors} makes one from a login.
 *
 * @param cityCode         the 6-digit city code of a CITY user, else null
 * @param leaderCreditCode the credit code of a LEADER user's enterprise, else null
 */
public record Actor(String username, Role role, String cityCode, String leaderCreditCode) {

    /** The system itself (seed loading, start-up tasks), recorded as such in the audit log. */
    public static final Actor SYSTEM = new Actor("system", Role.ADMIN, null, null);

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
    public boolean mayManageCity(String city) {
        return isProvinceWide() || (role == Role.CITY && cityCode != null && cityCode.equals(city));
    }

    public void requireRole(Role... roles) {
        if (!is(roles)) {
            throw new Forbidden("当前角色（" + role.label() + "）无权执行此操作");
        }
    }

    public void requireCity(String city) {
        if (!mayManageCity(city)) {
            throw new Forbidden("无权操作其他地市（" + (city == null ? "未指定" : city) + "）的数据");
        }
    }

}
