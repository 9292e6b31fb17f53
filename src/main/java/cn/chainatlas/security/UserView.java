package cn.chainatlas.security;

import cn.chainatlas.common.Role;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.LocalDateTime;

/** A user as the API and the users page show it (never the password hash). */
@Serdeable
public record UserView(String username, @Nullable String displayName, Role role, @Nullable String city,
                       @Nullable String leaderCreditCode, boolean enabled, boolean locked,
                       @Nullable LocalDateTime createdAt) {

    /**
     * The account as the audit log keeps it: field names and values in the words of the audit page (用户名, 角色
     * 市工信局, 状态 启用), like every other audited record, not the API's field names and codes.
     */
    java.util.Map<String, Object> audited() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("用户名", username);
        m.put("显示名称", displayName);
        m.put("角色", role.label());
        m.put("所在地市", city);
        m.put("链主企业", leaderCreditCode);
        m.put("状态", enabled ? "启用" : "停用");
        m.put("锁定", locked ? "是" : "否");
        return m;
    }

    static UserView of(UserAccount a) {
        return new UserView(a.username(), a.displayName(), a.role(), a.cityCode(), a.leaderCreditCode(),
                a.enabled(), a.locked(), a.createdAt());
    }
}
