-- Owned by the `imports` package (import_batch, import_review) and the `enterprise` package (the money columns).

-- what the clerk should know about the file as a whole: the sheet read, hidden sheets skipped, units converted
alter table import_batch add column notes varchar(4000) null;
-- rows not applied because their name change was not confirmed
alter table import_batch add column skipped int not null default 0;

-- an upload that gives a stored credit code another name (beyond 有限公司 and bracket spellings) is applied only
-- when the clerk confirms that row; the dry run lists them with both names
create table import_review (
  id bigint not null auto_increment primary key,
  batch_id bigint not null,
  sheet varchar(100) null,
  row_no int not null,
  credit_code char(18) not null,
  stored_name varchar(200) not null,
  new_name varchar(200) not null,
  confirmed boolean not null default false,
  constraint fk_import_review_batch foreign key (batch_id) references import_batch (id) on delete cascade
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create index ix_import_review_batch on import_review (batch_id, row_no);

-- money in 万元 to 4 decimals, so a figure given in 元 loses no 元 (12,345 元 = 1.2345 万元)
alter table enterprise modify revenue decimal(18,4) null;
alter table enterprise modify rnd_spending decimal(18,4) null;
alter table import_previous modify revenue decimal(18,4) null;
alter table import_previous modify rnd_spending decimal(18,4) null;
