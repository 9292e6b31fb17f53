-- Owned by the shared `db` package (db.DataVersion, issue 10). Which enterprises each move of the 'registry' version
-- changed: written in the same transaction as the move, one row per enterprise a write declared
-- (db.DataVersionListeners#changedEnterprises), or one row with a null code when the write was not itemised (an
-- import, a seed, a geography change: anything may have changed). A node's prepared candidates kept at an older version
-- are then brought up to date by re-reading only those enterprises (matching.MatchingService#pools) instead of the
-- node's thousands; a gap in the versions (rows trimmed, a move by an older build) means "unknown" and a full read.
-- Rows older than the newest 10,000 versions are deleted by the moves themselves.
create table registry_change (
    version     bigint      not null,
    credit_code varchar(18) null
);
create index ix_registry_change_version on registry_change (version);
