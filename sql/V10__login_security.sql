-- Logins under attack (issue 13).
-- token_version: signed into every login cookie; a password change or reset, a logout and a disable raise it, so
-- older cookies stop working. must_change_password: the first-start admin password must be replaced at first login.
alter table app_user add column token_version int not null default 0;
alter table app_user add column must_change_password boolean not null default false;

-- Failed logins per user name, kept for every name tried (known or not, so that the answers cannot tell them
-- apart). A try reserves a failure here before its password hash is checked (row locked), so parallel tries cannot
-- outrun the ceiling; a success gives its reservation back. Rows of quiet names are deleted after the window.
create table login_guard (
  username varchar(64) not null primary key,
  window_start timestamp(3) not null default current_timestamp(3),
  failures int not null default 0,
  locked_until timestamp(3) null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;
