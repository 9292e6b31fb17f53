-- Owned by the `report` package: every report downloaded, with its file kept, so a bureau can find what it sent
-- to a meeting.
create table report_download (
  id bigint not null auto_increment primary key,
  happened_at timestamp(3) not null default current_timestamp(3),
  username varchar(64) not null,
  -- the downloader's city (a CITY bureau's), so a bureau sees its colleagues' reports
  city_code char(6) null,
  chain_code varchar(20) not null,
  region_key varchar(20) not null,
  format varchar(8) not null,
  file_name varchar(255) not null,
  stored_file varchar(500) null,
  size_bytes bigint not null default 0
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create index ix_report_download_happened on report_download (happened_at);
