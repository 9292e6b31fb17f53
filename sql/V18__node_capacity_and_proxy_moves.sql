-- Issue 11 leftovers: an enterprise's annual capacity per chain node, and moves the province makes on a leader's
-- request.

-- Owned by the `enterprise` package (cn.chainatlas.enterprise.EnterpriseService writes it, audited as
-- ENTERPRISE_NODE_CAPACITY with before and after). An enterprise that makes several nodes states an annual capacity
-- for each (quantity in `unit`, e.g. 1200 套/年); allocation reads it through matching's candidate query and falls back
-- to the registry's single `enterprise.capacity_value`/`capacity_unit` where a node has no row here.
-- Kept apart from `enterprise_node` on purpose: imports and profile edits delete and re-insert an enterprise's node
-- rows (reclassification), and a stated capacity must survive that. A row whose node the enterprise is no longer
-- classified to is kept (it counts again if the node comes back) but read by nobody.
create table enterprise_node_capacity (
  credit_code char(18) not null,
  node_code varchar(40) not null,
  quantity decimal(18,2) not null,
  unit varchar(20) not null,
  updated_by varchar(64) not null,
  updated_at timestamp not null default current_timestamp on update current_timestamp,
  primary key (credit_code, node_code),
  constraint fk_enc_enterprise foreign key (credit_code) references enterprise (credit_code) on delete cascade,
  constraint fk_enc_node foreign key (node_code) references chain_node (code)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

-- Owned by the `matchmaking` package: the move was made by the province (or an administrator) on the leader's
-- request; its note says on whose request, and the record shows 省级代为操作.
alter table matchmaking_move add column on_behalf boolean not null default false;
