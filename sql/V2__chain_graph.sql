-- Geography and the chain graph. Owned by the `chain` package (geo seeds are loaded there too).

create table region (
  code varchar(10) not null primary key,
  name varchar(50) not null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create table city (
  code char(6) not null primary key,
  name varchar(20) not null,
  name_en varchar(50) null,
  region_code varchar(10) not null,
  constraint uk_city_name unique (name),
  constraint fk_city_region foreign key (region_code) references region (code)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create table district (
  code char(6) not null primary key,
  name varchar(30) not null,
  city_code char(6) not null,
  enterprise_count int null,
  constraint fk_district_city foreign key (city_code) references city (code)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create table chain (
  code varchar(20) not null primary key,
  name varchar(50) not null,
  name_en varchar(100) null,
  sort_order int not null default 0
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create table chain_node (
  code varchar(40) not null primary key,
  name varchar(100) not null,
  name_en varchar(200) null,
  level varchar(10) not null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

-- the words enterprises write for a node; one alias belongs to one node (classification is by longest match)
create table chain_node_alias (
  node_code varchar(40) not null,
  alias varchar(100) not null,
  primary key (node_code, alias),
  constraint uk_chain_node_alias unique (alias),
  constraint fk_alias_node foreign key (node_code) references chain_node (code)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

-- part-of: parent (the assembly) contains child (its part)
create table chain_edge (
  parent_code varchar(40) not null,
  child_code varchar(40) not null,
  primary key (parent_code, child_code),
  constraint fk_edge_parent foreign key (parent_code) references chain_node (code),
  constraint fk_edge_child foreign key (child_code) references chain_node (code)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create index ix_chain_edge_child on chain_edge (child_code);

-- the final equipment (roots) of each chain; membership is the roots and all their descendants
create table chain_root (
  chain_code varchar(20) not null,
  node_code varchar(40) not null,
  primary key (chain_code, node_code),
  constraint fk_root_chain foreign key (chain_code) references chain (code),
  constraint fk_root_node foreign key (node_code) references chain_node (code)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create table chain_node_substitute (
  node_code varchar(40) not null,
  substitute_code varchar(40) not null,
  primary key (node_code, substitute_code),
  constraint fk_subst_node foreign key (node_code) references chain_node (code),
  constraint fk_subst_sub foreign key (substitute_code) references chain_node (code)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

-- an import-dependence statement of a policy document about a node
create table policy_prior (
  id bigint not null auto_increment primary key,
  node_code varchar(40) not null,
  source varchar(100) not null,
  section varchar(100) not null,
  quote varchar(1000) not null,
  constraint fk_prior_node foreign key (node_code) references chain_node (code)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

-- star ratings (1-4) of each city's role in each strategic cluster, from the tables of 004
create table cluster_rating (
  cluster_no int not null,
  cluster_name varchar(50) not null,
  city_code char(6) not null,
  stars tinyint not null,
  primary key (cluster_no, city_code),
  constraint fk_rating_city foreign key (city_code) references city (code)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

-- which chains each cluster of 004's tables covers (no foreign key: geography loads before the chains)
create table cluster_chain (
  cluster_no int not null,
  chain_code varchar(20) not null,
  primary key (cluster_no, chain_code)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

-- the SHA-256 of the seed files last loaded, so that a restart with unchanged seeds writes nothing
create table seed_fingerprint (
  name varchar(50) not null primary key,
  sha256 char(64) not null,
  loaded_at timestamp not null default current_timestamp on update current_timestamp
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;
