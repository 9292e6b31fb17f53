-- Owned by the `enterprise` package: the registry's search index (issue 15). MariaDB has no n-gram parser for
-- Chinese full-text search, so the registry keeps its own: every two adjacent characters (bigram) of an enterprise's
-- name and of its main products, normalised as SearchGrams says (lower case, full-width → half-width, accents off),
-- packed into one int. A search of two or more characters reads the enterprises that have all of the query's chosen
-- bigrams from this table and checks only those with the same LIKE as before, so it finds exactly what the LIKE
-- finds. SearchIndex is the only writer of enterprise_gram.
create table enterprise_gram (
  -- two normalised characters: (first << 16) | second, UTF-16 units folded to 16 bits (a clash only adds candidates)
  gram int not null,
  credit_code char(18) not null,
  primary key (gram, credit_code)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

-- the indexer replaces an enterprise's grams by its code
create index ix_enterprise_gram_code on enterprise_gram (credit_code);

-- Enterprises whose grams may be out of date. Every writer of enterprise.name / main_products (the import's
-- RegistryWriter, rollback in RegistryHistory, the edit form, the demo loader) inserts the codes it wrote in its own
-- transaction: a cheap narrow row instead of some 35 grams per enterprise on the import's writer thread. SearchIndex
-- turns them into grams after the commit (in the background, FOR UPDATE SKIP LOCKED so two instances share the
-- work); until then a search checks these enterprises with the LIKE, so no hit is lost in between.
create table enterprise_search_stale (
  credit_code char(18) not null primary key
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

-- [jooq ignore start]
insert into enterprise_search_stale (credit_code) select credit_code from enterprise;
-- [jooq ignore stop]

-- The list's order (leaders first, then by name) read from an index instead of sorting 100,000 rows per page, for
-- the province and, by city, for a city bureau (its default view). They replace the single-column indexes they
-- start with (the foreign key on city_code and the leader filter use their first column).
create index ix_enterprise_listing on enterprise (is_leader desc, name, credit_code);
create index ix_enterprise_city_listing on enterprise (city_code, is_leader desc, name, credit_code);
drop index ix_enterprise_leader on enterprise;
-- [jooq ignore start]
-- (H2, which generates the jOOQ classes, will not drop an index a foreign key has used; MariaDB moves the key over)
drop index ix_enterprise_city on enterprise;
-- [jooq ignore stop]
