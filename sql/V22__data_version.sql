-- Owned by the shared `db` package (db.DataVersion). One row per topic whose number goes up after every committed write
-- to the tables that derived figures rest on (the registry, classifications, leaders, capacities, demands, matchmaking
-- records, the chain seeds). Every instance on the database reads it before using a cached figure, so a write on one
-- instance is seen by the next read on any other (issue 13, two instances; docs/architecture.md).
create table data_version (
    topic   varchar(32) not null primary key,
    version bigint      not null
);
insert into data_version (topic, version) values ('figures', 0);
