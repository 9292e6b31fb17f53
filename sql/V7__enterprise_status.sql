-- Owned by the `enterprise` package: whether an enterprise still operates at its registered place.
-- ACTIVE 在营; DEREGISTERED 注销; MOVED_OUT 迁出 (left Guangdong). Only the province and administrators set it,
-- and only ACTIVE enterprises count as local supply. Imports never change it.
alter table enterprise add column status varchar(12) not null default 'ACTIVE';
alter table enterprise add column status_note varchar(500) null;

-- Owned by the `imports` package: finds every batch that changed an enterprise, so the audit log can be
-- searched by enterprise without writing one audit line per imported row.
create index ix_import_previous_code on import_previous (credit_code);

-- import_previous and import_previous_node are owned by the `enterprise` package from here on (RegistryHistory:
-- the states before each committed batch, for rollback and for the audit trail). At a rollback, the state the
-- batch had written is kept as the audit log's JSON (the state after the commit, before the rollback).
alter table import_previous add column undone_state longtext null;
