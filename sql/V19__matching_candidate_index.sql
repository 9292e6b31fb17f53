-- Owned by the `enterprise` package (its tables); added for matching's candidate read (issue 10, docs/benchmarks.md).
-- Matching reads every enterprise classified to a node: with the node index alone, each row costs a look-up into
-- enterprise_node's clustered rows for its confidence and source. This index holds them, so the node's rows come from
-- one range scan of the index; only the enterprise rows are then read by key.
create index ix_enterprise_node_candidates on enterprise_node (node_code, credit_code, confidence, source);
