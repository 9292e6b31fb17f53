-- Owned by the `enterprise` package (issue 15). Whether the enterprise has no row in enterprise_node (未归类). Every
-- writer of enterprise_node keeps it in the same transaction: the import (RegistryWriter, from the node list it writes),
-- the edit form (EnterpriseService), a rollback (RegistryHistory, recomputed for the enterprises it restores) and the
-- demo loader; ModularityTest keeps those writes inside the package. The 未归类 list used to count an anti-join over the
-- whole registry: 323 ms median at 100,000 enterprises, the one registry list over its 100 ms goal (TransferBenchmark,
-- 2026-12-01); with the mark its count is a range of this index. A new row starts unclassified, so a writer that forgot
-- the mark would show a classified enterprise in the list, where a clerk sees it, rather than hide an unclassified one.
alter table enterprise add column is_unclassified boolean not null default true;
update enterprise set is_unclassified = not exists (select 1 from enterprise_node where enterprise_node.credit_code = enterprise.credit_code);
create index ix_enterprise_unclassified on enterprise (is_unclassified, city_code);
