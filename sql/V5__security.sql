create table app_user (
  id bigint not null auto_increment primary key,
  username varchar(64) not null,
  password_hash varchar(100) not null,
  display_name varchar(100) null,
  role varchar(16) not null,
  city_code char(6) null,
  leader_credit_code char(18) null,
  enabled boolean not null default true,
  failed_logins int not null default 0,
  locked_until timestamp null,
  created_at timestamp not null default current_timestamp,
  updated_at timestamp not null default current_timestamp on update current_timestamp,
  constraint uk_app_user_username unique (username)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create table audit_log (
  id bigint not null auto_increment primary key,
  happened_at timestamp(3) not null default current_timestamp(3),
  username varchar(64) not null,
  action varchar(64) not null,
  target varchar(300) null,
  before_state longtext null,
  after_state longtext null,
  detail varchar(2000) null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create index ix_audit_log_happened_at on audit_log (happened_at);
create index ix_audit_log_username on audit_log (username);
create index ix_audit_log_action on audit_log (action);
