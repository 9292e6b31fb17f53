-- Issue 10: chain leaders per chain, demands with specs and a sourcing split, and the matching shortlist.

-- Owned by the `enterprise` package: the chains an enterprise leads (链主). `enterprise.is_leader` is true exactly
-- when the enterprise is a 链主: declared here, or by the title 链主 in the registry (whose chains the registry
-- upload names in 所属产业链, or which are inferred from the final equipment it makes; source says which).
create table enterprise_leader (
  credit_code char(18) not null,
  chain_code varchar(20) not null,
  -- MANUAL (the enterprise page or POST /api/v1/leaders), REGISTRY (the registry upload), INFERRED (title 链主,
  -- chains of the final equipment the enterprise is classified to)
  source varchar(10) not null,
  declared_by varchar(64) null,
  declared_at timestamp not null default current_timestamp,
  primary key (credit_code, chain_code),
  constraint fk_enterprise_leader_enterprise foreign key (credit_code) references enterprise (credit_code) on delete cascade,
  constraint fk_enterprise_leader_chain foreign key (chain_code) references chain (code)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create index ix_enterprise_leader_chain on enterprise_leader (chain_code);

-- Owned by the `enterprise` package: the supplier declared it does not take part in matchmaking (a hard filter
-- of matching), and who last changed the profile outside an import (ENTERPRISE: the enterprise itself through
-- its LEADER account; BUREAU: a city bureau, the province or an administrator). Imports never touch either.
alter table enterprise add column unwilling boolean not null default false;
alter table enterprise add column profile_edited_by varchar(10) null;

-- Owned by the `demand` package from here on. A demand's current sourcing becomes a split in percent of its
-- value (same city / elsewhere in Guangdong / other provinces / import, summing to 100); each existing row is
-- 100 % of the single value it had.
alter table demand add column source_local decimal(5,2) not null default 0;
alter table demand add column source_guangdong decimal(5,2) not null default 0;
alter table demand add column source_other_province decimal(5,2) not null default 0;
alter table demand add column source_import decimal(5,2) not null default 0;

-- [jooq ignore start]
update demand set source_local = 100 where current_sourcing = 'SAME_CITY';
update demand set source_guangdong = 100 where current_sourcing = 'PROVINCE';
update demand set source_other_province = 100 where current_sourcing = 'OTHER_PROVINCE';
update demand set source_import = 100 where current_sourcing = 'IMPORT';
-- [jooq ignore stop]

alter table demand drop column current_sourcing;

-- the required grade or spec as the leader writes it, and the structured fields of the node's kind
-- (cn.chainatlas.chain.SpecParser), as JSON {field key: value as written, e.g. "precisionClass": "P4"}
alter table demand add column spec varchar(500) null;
alter table demand add column spec_fields varchar(1000) null;
-- joined with 、: certifications in their written form; regions as 6-digit city codes or OUTSIDE (省外)
alter table demand add column required_certifications varchar(500) null;
alter table demand add column preferred_regions varchar(300) null;
alter table demand add column excluded_regions varchar(300) null;
alter table demand add column needed_by date null;
alter table demand add column note varchar(1000) null;
-- OPEN 开放, MET 已满足, CLOSED 已关闭 (an OPEN demand past needed_by is shown as 已过期, not stored)
alter table demand add column status varchar(10) not null default 'OPEN';
alter table demand add column created_by varchar(64) null;
alter table demand add column updated_at timestamp null;

-- Owned by the `matching` package: candidates a buyer keeps for a demand (the matchmaking issue turns an entry
-- into a matchmaking record).
create table shortlist (
  demand_id bigint not null,
  credit_code char(18) not null,
  added_by varchar(64) not null,
  added_at timestamp not null default current_timestamp,
  note varchar(500) null,
  primary key (demand_id, credit_code),
  constraint fk_shortlist_demand foreign key (demand_id) references demand (id) on delete cascade,
  constraint fk_shortlist_enterprise foreign key (credit_code) references enterprise (credit_code) on delete cascade
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;
