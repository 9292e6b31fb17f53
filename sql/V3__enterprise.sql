-- The enterprise registry. Owned by the `enterprise` package.

create table enterprise (
  credit_code char(18) not null primary key,
  name varchar(200) not null,
  -- 6-digit city code for Guangdong enterprises; null with outside_province set for 省外 suppliers
  city_code char(6) null,
  outside_province varchar(20) null,
  district varchar(50) null,
  size_class varchar(2) null,
  above_scale boolean null,
  main_products varchar(2000) not null,
  certifications varchar(500) null,
  titles varchar(500) null,
  -- highest quality tier from titles: 单项冠军 > 专精特新小巨人 > 专精特新 > 高新技术企业, else null
  tier varchar(20) null,
  is_leader boolean not null default false,
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
  -- columns of the uploaded sheet the template does not know, as JSON {header: value}
  extra_attributes text null,
  -- the supplier agreed that leaders may see its revenue, R&D spending and contacts
  public_consent boolean not null default false,
  created_at timestamp not null default current_timestamp,
  updated_at timestamp not null default current_timestamp on update current_timestamp,
  last_batch_id bigint null,
  -- digest of the stored content (fields and nodes) so an import can tell "unchanged" without reading every column
  content_hash char(32) null,
  -- the name without legal form, place prefixes and brackets: equal keys under different codes are likely duplicates
  name_key varchar(200) null,
  constraint fk_enterprise_city foreign key (city_code) references city (code)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create index ix_enterprise_city on enterprise (city_code);
create index ix_enterprise_name_key on enterprise (name_key);
create index ix_enterprise_leader on enterprise (is_leader);

-- which chain nodes an enterprise supplies: classified from its products, given explicitly, or assigned by a clerk
create table enterprise_node (
  credit_code char(18) not null,
  node_code varchar(40) not null,
  confidence decimal(4,3) not null,
  source varchar(10) not null,
  matched varchar(100) null,
  primary key (credit_code, node_code),
  constraint fk_en_enterprise foreign key (credit_code) references enterprise (credit_code) on delete cascade,
  constraint fk_en_node foreign key (node_code) references chain_node (code)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create index ix_enterprise_node_node on enterprise_node (node_code);
