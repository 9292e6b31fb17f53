-- Owned by the `imports` package: what a dry run found besides errors and duplicates, kept with the batch so that
-- a restart (or another instance) loses nothing the imports page shows: the valid rows that matched no chain node.
create table import_unclassified (
  id bigint not null auto_increment primary key,
  batch_id bigint not null,
  sheet varchar(100) null,
  row_no int not null,
  credit_code char(18) not null,
  name varchar(200) not null,
  main_products varchar(2000) null,
  constraint fk_import_unclassified_batch foreign key (batch_id) references import_batch (id) on delete cascade
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create index ix_import_unclassified_batch on import_unclassified (batch_id, row_no);
