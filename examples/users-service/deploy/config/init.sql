-- Datomic's storage table on PostgreSQL. The postgres image runs this file once, when it
-- initialises an empty data volume, as POSTGRES_USER (datomic) in POSTGRES_DB (datomic); the
-- table is therefore owned by the role the peers and the transactor log in as.
--
-- Datomic stores everything (log, index segments, roots) as rows of this one table:
-- id is the key, rev a revision for compare-and-swap on roots, map and val the payload.
CREATE TABLE IF NOT EXISTS datomic_kvs (
    id  text    NOT NULL,
    rev integer,
    map text,
    val bytea,
    CONSTRAINT pk_id PRIMARY KEY (id)
);

-- No grant to PUBLIC: only the owner, datomic, reads and writes storage.
