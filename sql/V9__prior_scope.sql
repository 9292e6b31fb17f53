-- Owned by the `chain` package (issue 16): what a policy prior says and where it applies, the tier each star
-- count stands for in 004's tables, and 003 表1's industry columns.

-- kind: IMPORT 依赖进口, OUTSIDE_PROVINCE 依赖省外, WEAK_LINK 短板, LOCALISATION_TARGET 国产化目标.
-- The defaults are what every prior meant before this migration (an import statement about the whole province
-- and every chain), so rows written by an older seed keep their meaning until the seed loader rewrites them.
alter table policy_prior add column kind varchar(20) not null default 'IMPORT';
-- the city the statement is about (002 东莞 441900, 003 广州 440100); null = the whole province. No foreign key:
-- chains may be seeded before the geography.
alter table policy_prior add column scope_city_code char(6) null;
-- the chain the statement is about; null = every chain the node is in
alter table policy_prior add column chain_code varchar(20) null;
-- the document as it names itself (issuers, title, 文号, date), and a short form for reasons
alter table policy_prior add column citation varchar(500) not null default '';
alter table policy_prior add column citation_short varchar(200) not null default '';
-- the document is a 征求意见稿
alter table policy_prior add column draft boolean not null default false;
-- 1 = counts; 0 = a draft's statement the later plan no longer makes (shown, never a flag); weight_note says why
alter table policy_prior add column weight decimal(3,2) not null default 1.00;
alter table policy_prior add column weight_note varchar(500) null;

-- CORE 核心城市, KEY 重点城市, GENERAL 一般城市, per the legend of the star's own table (null: unknown)
alter table cluster_rating add column tier varchar(10) null;

-- 003 表1: enterprises of each Guangzhou district by industry (单位：家); null where the table prints “-”
create table district_industry (
  district_code char(6) not null,
  industry varchar(60) not null,
  enterprise_count int null,
  sort_order int not null,
  primary key (district_code, industry),
  constraint fk_district_industry_district foreign key (district_code) references district (code)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;
