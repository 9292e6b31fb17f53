-- Owned by the shared `db` package (db.DataVersion, issue 10). A second topic beside 'figures': 'registry' goes up after
-- a committed write to anything a supplier's candidacy rests on (the registry, classifications, capacities, the chain
-- seeds — every counted table except the demand side: demands, shortlists, matchmaking records), so a leader's edit of
-- a demand or a move of a matchmaking record no longer throws away every node's prepared candidates (100,000
-- enterprises re-read and re-prepared for the next 需求覆盖); 'figures' still goes up after every counted write.
insert into data_version (topic, version) values ('registry', 0);
