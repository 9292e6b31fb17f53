-- A chain leader's need for a component and where it buys it today. The matching feature will own and grow
-- this table (demand entry, matching); gap analysis reads it from the start.

create table demand (
  id bigint not null auto_increment primary key,
  leader_credit_code char(18) not null,
  node_code varchar(40) not null,
  annual_quantity decimal(18,2) null,
  quantity_unit varchar(20) null,
  -- 万元 a year
  annual_value decimal(16,2) null,
  -- SAME_CITY, PROVINCE (elsewhere in Guangdong), OTHER_PROVINCE, IMPORT
  current_sourcing varchar(20) not null,
  created_at timestamp not null default current_timestamp,
  constraint fk_demand_leader foreign key (leader_credit_code) references enterprise (credit_code),
  constraint fk_demand_node foreign key (node_code) references chain_node (code)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create index ix_demand_node on demand (node_code);

-- gap analysis groups demands by the leader's city; this lets it read the leader column without the table
create index ix_demand_leader on demand (leader_credit_code, node_code);
