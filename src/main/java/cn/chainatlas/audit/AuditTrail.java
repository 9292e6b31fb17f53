package cn.chainatlas.audit;

import java.util.List;

/**
 * A feature's record of changes that it keeps outside the audit log but that belong in the log's answer about
 * a target: an import batch writes one audit line, and its previous states say what it did to each enterprise.
 * {@link AuditService} asks every trail when the audit log is searched by target.
 */
public interface AuditTrail {

    /**
     * The entries this feature can add about {@code target} (as the searcher typed it, e.g. a credit code).
     *
     * @param logged the audit log's own lines about the target, oldest first, so that a trail can tell the state
     *               after one of its changes from the next change's "before"
     */
    List<AuditEntry> entriesFor(String target, List<AuditEntry> logged);
}
