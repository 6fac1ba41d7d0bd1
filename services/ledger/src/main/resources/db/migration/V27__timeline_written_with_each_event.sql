-- The timeline is written with each event, in the transaction that appends it, by a trigger on the event
-- table, instead of by the read models' processor (docs/adr/0013-the-timeline-written-with-each-event.md).
-- A timeline row is a function of its event's row alone (its columns and five entries of its metadata): no
-- state, no other event, nothing a later release would fold differently. As a read model it was a million
-- rows that every rebuild and every catch-up in bulk wrote again by COPY, with its indexes: about two
-- fifths of a rebuild's time (docs/benchmarks.md, change 78). Written here, it is also never behind.

-- As wide as what the store accepts (domain_event_entry's columns, and the metadata's unbounded text): an event the
-- store takes must not fail its timeline row on a length. Widening a VARCHAR, or making it unbounded, rewrites nothing.
ALTER TABLE timeline_entry
    ALTER COLUMN aggregate_type TYPE VARCHAR(255),
    ALTER COLUMN aggregate_id TYPE VARCHAR(255),
    ALTER COLUMN event_id TYPE VARCHAR(255),
    ALTER COLUMN event_type TYPE VARCHAR(255),
    ALTER COLUMN principal TYPE VARCHAR,
    ALTER COLUMN role TYPE VARCHAR,
    ALTER COLUMN citation TYPE VARCHAR;

-- An event's timeline row. The provenance is read as the read side reads it (StoredEventDecoder,
-- EventHistory): the metadata's recordedAt, effectiveAt (when absent, the recorded time), principal, role and
-- citation; the event's type is the payload type's simple name (a nested class's own name, as getSimpleName).
-- A recorded time missing from the metadata (nothing the ledger writes) is the epoch, as the read side's as-of
-- folds take it. The ledger writes every time as Instant.toString does (UTC, "Z", whole microseconds, years
-- 0001-9999), which PostgreSQL reads whatever the session's time zone. Metadata PostgreSQL cannot read as JSON
-- (nothing the ledger writes: it refuses control characters in a principal at the edge, and validates the
-- citation) fails the append.
CREATE FUNCTION ledger_write_timeline_entry() RETURNS trigger AS $$
DECLARE
    meta     JSONB := convert_from(NEW.meta_data, 'UTF8')::jsonb;
    recorded TIMESTAMPTZ := COALESCE(meta ->> 'recordedAt', '1970-01-01T00:00:00Z')::timestamptz;
BEGIN
    INSERT INTO timeline_entry (global_index, effective_at, recorded_at, aggregate_type, aggregate_id, sequence, event_id,
                                event_type, principal, role, citation)
    VALUES (NEW.global_index, COALESCE((meta ->> 'effectiveAt')::timestamptz, recorded), recorded, COALESCE(NEW.type, ''),
            NEW.aggregate_identifier, NEW.sequence_number, NEW.event_identifier, regexp_replace(NEW.payload_type, '^.*[.$]', ''),
            meta ->> 'principal', meta ->> 'role', meta ->> 'citation');
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- AFTER: only a row the chain trigger let through, with its global index assigned
CREATE TRIGGER domain_event_entry_timeline AFTER INSERT ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_write_timeline_entry();

-- the events the processor had not reached yet (or every event, after V7 or V22 emptied the read side): the
-- same rows the trigger writes, by the same rules
INSERT INTO timeline_entry (global_index, effective_at, recorded_at, aggregate_type, aggregate_id, sequence, event_id, event_type,
                            principal, role, citation)
SELECT e.global_index, COALESCE((e.meta ->> 'effectiveAt')::timestamptz, e.recorded), e.recorded, COALESCE(e.type, ''),
       e.aggregate_identifier, e.sequence_number, e.event_identifier, regexp_replace(e.payload_type, '^.*[.$]', ''),
       e.meta ->> 'principal', e.meta ->> 'role', e.meta ->> 'citation'
FROM (SELECT d.*, COALESCE(m.meta ->> 'recordedAt', '1970-01-01T00:00:00Z')::timestamptz AS recorded, m.meta
      FROM domain_event_entry d
      CROSS JOIN LATERAL (SELECT convert_from(d.meta_data, 'UTF8')::jsonb AS meta) m) e
WHERE NOT EXISTS (SELECT 1 FROM timeline_entry t WHERE t.global_index = e.global_index);

-- a rebuild's copy, if one was under way: the timeline is no longer rebuilt
DROP TABLE IF EXISTS timeline_entry_rebuild;
