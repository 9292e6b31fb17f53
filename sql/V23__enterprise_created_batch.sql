-- Owned by the `enterprise` package (issue 15). The import batch that inserted the enterprise; null for enterprises
-- entered another way (the edit form, the demo loader) or inserted before this column. Written once, with the row,
-- and never changed: a rollback finds the enterprises its batch inserted by this mark, so an import no longer saves a
-- previous-state row (import_previous with existed = false) for each new enterprise — 100,000 rows fewer in a first
-- import of 100,000. RegistryHistory writes those rows at the rollback instead (rare, and then they carry the audit's
-- "undone" state as before). No index on purpose: only a rollback reads the mark, by one scan of the registry, and an
-- index would cost every insert what the saved rows cost.
alter table enterprise add column created_batch_id bigint null;
