-- Owned by the `imports` package (issue 13: hostile files, faults, two instances, clean-up).

-- what the upload asked for, so that a batch stopped by a dead process (中断) can be run again the same way:
-- a dry run or a commit, and the credit codes whose name change the clerk confirmed (comma-separated)
alter table import_batch add column dry_run boolean not null default true;
alter table import_batch add column confirmed_names text null;
-- the instance (ChainAtlas process) that queued or runs the batch; while it lives it holds a database lock named
-- after it, so a batch left QUEUED or RUNNING by an instance whose lock is free was left by a dead process
alter table import_batch add column runner varchar(40) null;
-- when the uploaded file was deleted by the clean-up (stored_file is then null)
alter table import_batch add column file_removed_at timestamp(3) null;

-- the queue and the start-up check look batches up by status
create index ix_import_batch_status on import_batch (status, id);
