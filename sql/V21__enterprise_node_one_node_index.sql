-- Owned by the `enterprise` package (issue 15). ix_enterprise_node_node (node_code) is a prefix of
-- ix_enterprise_node_candidates (node_code, credit_code, confidence, source; V19): every read by node and the foreign
-- key to chain_node are served by the wider index, so an import need not keep a second index led by node_code for
-- each node row it writes (about 250,000 rows for a 100,000-row registry).
drop index ix_enterprise_node_node on enterprise_node;
