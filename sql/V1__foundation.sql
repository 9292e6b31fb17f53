create table app_setting (
  name varchar(100) not null primary key,
  value varchar(2000) not null,
  updated_at timestamp not null default current_timestamp on update current_timestamp
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;
