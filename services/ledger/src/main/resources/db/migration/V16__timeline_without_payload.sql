-- The timeline no longer keeps a copy of each event's payload: a timeline page reads it from the event
-- itself (domain_event_entry, by global index, its primary key). The copy was most of what the read
-- models wrote per event (a JSONB parse and its bytes again in the WAL for every command) and most of a
-- rebuild's and a catch-up's writing (docs/benchmarks.md).
ALTER TABLE timeline_entry DROP COLUMN payload;
