-- Registry imports. Owned by the `imports` package.

-- one upload: dry run, commit or rejected; the stored file lets a dry run be committed and errors.xlsx be built later
create table import_batch (
  id bigint not null auto_increment primary key,
  username varchar(64) not null,
  -- the city the upload was made for (a CITY clerk's own city, or the `city` parameter); null = any city
  city_code char(6) null,
  file_name varchar(255) not null,
  file_sha256 char(64) not null,
  file_size bigint not null,
  stored_file varchar(500) null,
  -- RUNNING, DRY_RUN, COMMITTED, REJECTED (all-or-nothing refused or file refused), FAILED, ROLLED_BACK
  status varchar(16) not null,
  all_or_nothing boolean not null default false,
  rows_total int not null default 0,
  rows_valid int not null default 0,
  rows_rejected int not null default 0,
  inserts int not null default 0,
  updates int not null default 0,
  unchanged int not null default 0,
  unclassified int not null default 0,
  duplicates int not null default 0,
  message varchar(1000) null,
  started_at timestamp(3) not null default current_timestamp(3),
  finished_at timestamp(3) null,
  committed_at timestamp(3) null,
  rolled_back_at timestamp(3) null,
  rolled_back_by varchar(64) null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create index ix_import_batch_started on import_batch (started_at);

-- each rejected cell of a batch, with the spreadsheet's own row number
create table import_error (
  id bigint not null auto_increment primary key,
  batch_id bigint not null,
  sheet varchar(100) null,
  row_no int null,
  column_name varchar(100) null,
  code varchar(40) not null,
  message varchar(500) not null,
  constraint fk_import_error_batch foreign key (batch_id) references import_batch (id) on delete cascade
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create index ix_import_error_batch on import_error (batch_id, row_no);

-- the state before a committed batch of every enterprise it inserted or changed; rollback restores it
create table import_previous (
  batch_id bigint not null,
  credit_code char(18) not null,
  -- false: the batch inserted the enterprise, rollback deletes it
  existed boolean not null,
  name varchar(200) null,
  city_code char(6) null,
  outside_province varchar(20) null,
  district varchar(50) null,
  size_class varchar(2) null,
  above_scale boolean null,
  main_products varchar(2000) null,
  certifications varchar(500) null,
  titles varchar(500) null,
  tier varchar(20) null,
  is_leader boolean null,
  revenue decimal(16,2) null,
  rnd_spending decimal(16,2) null,
  employees int null,
  patents int null,
  capacity_value decimal(18,2) null,
  capacity_unit varchar(20) null,
  tech_params varchar(1000) null,
  contact_name varchar(50) null,
  contact_phone varchar(50) null,
  founded_on date null,
  explicit_nodes varchar(1000) null,
  extra_attributes text null,
  public_consent boolean null,
  last_batch_id bigint null,
  content_hash char(32) null,
  name_key varchar(200) null,
  updated_at timestamp null,
  primary key (batch_id, credit_code),
  constraint fk_import_previous_batch foreign key (batch_id) references import_batch (id) on delete cascade
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create table import_previous_node (
  batch_id bigint not null,
  credit_code char(18) not null,
  node_code varchar(40) not null,
  confidence decimal(4,3) not null,
  source varchar(10) not null,
  matched varchar(100) null,
  primary key (batch_id, credit_code, node_code),
  constraint fk_import_previous_node_batch foreign key (batch_id) references import_batch (id) on delete cascade
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

-- likely duplicates under different credit codes, flagged for a clerk's review; never merged automatically
create table import_duplicate (
  id bigint not null auto_increment primary key,
  batch_id bigint not null,
  row_no int null,
  credit_code char(18) not null,
  name varchar(200) not null,
  other_credit_code char(18) not null,
  other_name varchar(200) not null,
  -- FILE: another row of the same upload; REGISTRY: an enterprise already stored
  found_in varchar(10) not null,
  constraint fk_import_duplicate_batch foreign key (batch_id) references import_batch (id) on delete cascade
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create index ix_import_duplicate_batch on import_duplicate (batch_id);
