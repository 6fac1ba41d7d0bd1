-- Aggregates now remember when they were established (the effective time of their first event), to
-- refuse commands dated before it (EFFECTIVE_BEFORE_ESTABLISHED). Snapshots taken before this release
-- lack that state; snapshots are only a cache of the events, so they are dropped and taken again.
DELETE FROM snapshot_event_entry;
