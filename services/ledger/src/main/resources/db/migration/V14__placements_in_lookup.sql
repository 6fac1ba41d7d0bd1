-- Every structure a pledge's contingent was ever placed under (AuthorityTransferred), and its force.
-- A command structure's view lists the contingents placed under it, now and as of any earlier time;
-- without this table it had to fold every force of the ledger to find them (an as-of read of a
-- structure cost ~140 ms at a million events). Rows are never removed: an as-of read needs placements
-- that were later undone, and folds the forces found here to that time.
CREATE TABLE lookup_placement (
    structure_id    VARCHAR(64) NOT NULL,
    contribution_id VARCHAR(64) NOT NULL,
    force_id        VARCHAR(64) NOT NULL,
    PRIMARY KEY (structure_id, contribution_id)
);

-- The placements recorded before this release, from the events themselves.
INSERT INTO lookup_placement (structure_id, contribution_id, force_id)
SELECT DISTINCT e.payload ->> 'structureId', e.payload ->> 'contributionId', e.payload ->> 'forceId'
FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS payload FROM domain_event_entry
      WHERE payload_type = 'org.coordination.ledger.contract.contribution.AuthorityTransferred') e
ON CONFLICT DO NOTHING;
