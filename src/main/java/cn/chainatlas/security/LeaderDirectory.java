package cn.chainatlas.security;

import java.util.Optional;

/**
 * Which enterprises of the registry are chain leaders (链主). Security needs it to tie a LEADER account to a leader
 * enterprise, but knows no feature: the enterprise package implements it.
 */
public interface LeaderDirectory {

    /** Whether the registry holds this enterprise and it is a 链主 (of at least one chain, or by its title). */
    boolean isLeader(String creditCode);

    /** The enterprise's name, when the registry holds it (leader or not). */
    Optional<String> name(String creditCode);
}
