package cn.chainatlas.db;

import java.util.Locale;

/** Which seed data to load into an empty database at start-up ({@code CHAINATLAS_SEED}). */
public enum SeedMode {
    /** chains and geography, plus the demo registry and demo accounts */
    DEMO,
    /** chains and geography only: the default on a real server */
    REFERENCE,
    /** nothing */
    NONE;

    public static SeedMode parse(String value, boolean embedded) {
        if (value == null || value.isBlank()) {
            return embedded ? DEMO : REFERENCE;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CHAINATLAS_SEED must be demo, reference or none, not '" + value + "'");
        }
    }

    public boolean includesReference() {
        return this != NONE;
    }

    public boolean includesDemo() {
        return this == DEMO;
    }
}
