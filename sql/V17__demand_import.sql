-- Issue 10: leaders' demands are uploaded through the same import pipeline as the registry (docs/architecture.md).

-- Owned by the `imports` package: a batch says what kind of upload it is. REGISTRY (the enterprise registry, every
-- batch before this migration) or DEMAND (a leader's demands); registry pages and queries read REGISTRY batches only.
alter table import_batch add column kind varchar(10) not null default 'REGISTRY';
-- a DEMAND batch's leader: the enterprise whose demands the file holds (the city_code is the leader's city)
alter table import_batch add column leader_credit_code char(18) null;
create index ix_import_batch_kind on import_batch (kind, city_code, id);
create index ix_import_batch_leader on import_batch (kind, leader_credit_code, id);

-- Owned by the `demand` package: what a committed demand upload changed, for the batch's rollback and its audit.
-- INSERT rows: the upload created the demand (rollback deletes it). UPDATE rows: the demand's fields before the
-- upload (rollback writes them back). written_at is the demand's updated_at as the upload left it; a demand edited
-- since (another updated_at) is not rolled back over.
create table demand_import_previous (
  batch_id bigint not null,
  demand_id bigint not null,
  action varchar(6) not null,
  written_at timestamp null,
  node_code varchar(40) null,
  annual_quantity decimal(18,2) null,
  quantity_unit varchar(20) null,
  annual_value decimal(16,2) null,
  spec varchar(500) null,
  spec_fields varchar(1000) null,
  required_certifications varchar(500) null,
  preferred_regions varchar(300) null,
  excluded_regions varchar(300) null,
  source_local decimal(5,2) null,
  source_guangdong decimal(5,2) null,
  source_other_province decimal(5,2) null,
  source_import decimal(5,2) null,
  needed_by date null,
  note varchar(1000) null,
  status varchar(10) null,
  updated_at timestamp null,
  primary key (batch_id, demand_id)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;
