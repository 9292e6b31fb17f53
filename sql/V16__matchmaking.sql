-- Issue 11: matchmaking (供需对接) records from shortlist to supply, their moves and follow-up notes, and
-- matchmaking activities (对接活动).
--
-- Owned by the `matchmaking` package (cn.chainatlas.matchmaking): matchmaking_activity, matchmaking_record,
-- matchmaking_move, matchmaking_note. Other packages read them only: matching (MatchmakingFacts is implemented
-- here, in matchmaking) and the gap analysis (chain.GapFiguresRepository reads the SUPPLYING records to move a
-- demand's sourcing split to local, docs/matchmaking.md).
--
-- One truth for the shortlist: matching's `shortlist` table is replaced by the records at stage SHORTLISTED (or
-- later). Its rows become records below, and matching reads and writes its shortlist through the
-- matching.Shortlists interface, which the matchmaking package implements on these tables.

create table matchmaking_activity (
  id bigint not null auto_increment primary key,
  title varchar(200) not null,
  held_on date not null,
  place varchar(200) not null,
  -- the bureau that organised it: a 6-digit city code, or null for the province
  city_code char(6) null,
  -- chain codes, leaders' and suppliers' credit codes taking part, each joined with ','
  chains varchar(500) null,
  leaders varchar(2000) null,
  suppliers varchar(4000) null,
  note varchar(1000) null,
  created_by varchar(64) not null,
  created_at timestamp not null default current_timestamp
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create table matchmaking_record (
  id bigint not null auto_increment primary key,
  demand_id bigint not null,
  supplier_credit_code char(18) not null,
  -- SHORTLISTED 已入围, CONTACTED 已联系, SAMPLING 送样测试, TRIAL 小批量, SUPPLYING 批量供货, ENDED 终止
  stage varchar(12) not null,
  -- when ENDED: PRICE, QUALITY, CAPACITY, DELIVERY, QUALIFICATION, SPEC, OTHER
  end_reason varchar(14) null,
  -- what SUPPLYING states: annual quantity with its unit and/or annual value in 万元 (the latest statement)
  supply_quantity decimal(18,2) null,
  supply_unit varchar(20) null,
  supply_value decimal(16,2) null,
  activity_id bigint null,
  -- the note given when it was shortlisted
  note varchar(500) null,
  created_by varchar(64) not null,
  created_at timestamp not null default current_timestamp,
  -- the date of the latest move (stalled: no move for chainatlas.matchmaking.stalled-days)
  last_move_on date not null,
  constraint uq_matchmaking_record unique (demand_id, supplier_credit_code),
  constraint fk_matchmaking_record_demand foreign key (demand_id) references demand (id) on delete cascade,
  constraint fk_matchmaking_record_supplier foreign key (supplier_credit_code) references enterprise (credit_code) on delete cascade,
  constraint fk_matchmaking_record_activity foreign key (activity_id) references matchmaking_activity (id) on delete set null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create index ix_matchmaking_record_stage on matchmaking_record (stage, demand_id);
create index ix_matchmaking_record_supplier on matchmaking_record (supplier_credit_code, stage);

create table matchmaking_move (
  id bigint not null auto_increment primary key,
  record_id bigint not null,
  -- null for the first move (the record was created at SHORTLISTED)
  from_stage varchar(12) null,
  to_stage varchar(12) not null,
  reason_code varchar(14) null,
  note varchar(1000) null,
  moved_on date not null,
  moved_by varchar(64) not null,
  moved_at timestamp not null default current_timestamp,
  quantity decimal(18,2) null,
  unit varchar(20) null,
  value_wan decimal(16,2) null,
  constraint fk_matchmaking_move_record foreign key (record_id) references matchmaking_record (id) on delete cascade
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create index ix_matchmaking_move_record on matchmaking_move (record_id, moved_on);
create index ix_matchmaking_move_stage on matchmaking_move (to_stage, moved_on);

create table matchmaking_note (
  id bigint not null auto_increment primary key,
  record_id bigint not null,
  text varchar(2000) not null,
  written_by varchar(64) not null,
  written_at timestamp not null default current_timestamp,
  constraint fk_matchmaking_note_record foreign key (record_id) references matchmaking_record (id) on delete cascade
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

-- [jooq ignore start]
insert into matchmaking_record (demand_id, supplier_credit_code, stage, note, created_by, created_at, last_move_on)
  select demand_id, credit_code, 'SHORTLISTED', note, added_by, added_at, cast(added_at as date) from shortlist;
insert into matchmaking_move (record_id, from_stage, to_stage, note, moved_on, moved_by, moved_at)
  select id, null, 'SHORTLISTED', note, last_move_on, created_by, created_at from matchmaking_record;
-- [jooq ignore stop]

drop table shortlist;
