-- The JDBC saga store (the default since the benchmarks, docs/benchmarks.md) inserts association
-- values without an id; the column takes it from its sequence as Hibernate's did.
ALTER TABLE association_value_entry ALTER COLUMN id SET DEFAULT nextval('association_value_entry_seq');
