package cn.chainatlas.common;

/** What a person may do; the scope (city, leader) narrows it further, see {@link Actor}. */
public enum Role {
    /** the platform: users, chains, thresholds, everything */
    ADMIN,
    /** the provincial bureau: all cities, imports for any city, all demands and matchmaking */
    PROVINCE,
    /** a city bureau: its own city's registry and imports; the province's aggregates */
    CITY,
    /** a chain-leader enterprise, tied to its credit code: graphs, gaps, suppliers' public fields, its own demands */
    LEADER;

    /** The name a clerk knows the role by (messages of refusals use it; pages use the role.* bundle keys). */
    public String label() {
        return switch (this) {
            case ADMIN -> "平台管理员";
            case PROVINCE -> "省工信厅";
            case CITY -> "市工信局";
            case LEADER -> "链主企业";
        };
    }
}
