-- The pledge life cycle has one home, ContributionState in the contract (docs/domain.md). From this
-- release the consistency lookup and the policies keep each pledge's state as that enum names it and ask
-- the enum what it means, instead of keeping their own flags.
--
-- 1. lookup_contribution keeps the state, and whether the pledge's committed personnel count toward the
--    mandate's troop ceiling (ContributionState.countsTowardCeiling), which the ceiling rule sums.
ALTER TABLE lookup_contribution ADD COLUMN state VARCHAR(16);
ALTER TABLE lookup_contribution ADD COLUMN counts_toward_ceiling BOOLEAN NOT NULL DEFAULT FALSE;

-- The state of a stored pledge is the one its latest state-setting event left it in. This mapping is
-- ContributionState.after as of this release, written out once for the upgrade; it is not used again.
UPDATE lookup_contribution c
   SET state = s.state
  FROM (SELECT DISTINCT ON (e.aggregate_identifier) e.aggregate_identifier AS contribution_id,
               CASE e.payload_type
                   WHEN 'org.coordination.ledger.contract.contribution.ContributionCommitted' THEN 'COMMITTED'
                   WHEN 'org.coordination.ledger.contract.contribution.AuthorityTransferred' THEN 'DEPLOYED'
                   WHEN 'org.coordination.ledger.contract.contribution.ContributionRejected' THEN 'REJECTED'
                   WHEN 'org.coordination.ledger.contract.contribution.ContributionWithdrawn' THEN 'WITHDRAWN'
                   ELSE convert_from(e.payload, 'UTF8')::jsonb ->> 'state'   -- pledged, condition satisfied or reopened
               END AS state
          FROM domain_event_entry e
         WHERE e.type = 'Contribution'
           AND e.payload_type IN ('org.coordination.ledger.contract.contribution.ContributionPledged',
                                  'org.coordination.ledger.contract.contribution.ConditionSatisfied',
                                  'org.coordination.ledger.contract.contribution.ConditionReopened',
                                  'org.coordination.ledger.contract.contribution.ContributionCommitted',
                                  'org.coordination.ledger.contract.contribution.AuthorityTransferred',
                                  'org.coordination.ledger.contract.contribution.ContributionRejected',
                                  'org.coordination.ledger.contract.contribution.ContributionWithdrawn')
         ORDER BY e.aggregate_identifier, e.sequence_number DESC) s
 WHERE c.contribution_id = s.contribution_id;
ALTER TABLE lookup_contribution ALTER COLUMN state SET NOT NULL;

-- Until now the projector zeroed committed_personnel when a pledge left the count (a condition reopened,
-- withdrawn, rejected), so exactly the rows with personnel counted: the ceiling is the same after the upgrade.
UPDATE lookup_contribution SET counts_toward_ceiling = committed_personnel > 0;

-- 2. The policies (sagas, stored as JSON) keep "pledges": contribution id -> state, from the lookup just
--    filled. It may be ahead of a policy that has not yet handled a pledge's latest events; those events
--    state the same state again when the policy handles them.
-- MandatePolicy: "pledges" was contribution id -> deployed.
UPDATE saga_entry s
   SET serialized_saga = convert_to((j.doc || jsonb_build_object('pledges', COALESCE(
           (SELECT jsonb_object_agg(p.key, c.state) FROM jsonb_each(j.doc -> 'pledges') p
              JOIN lookup_contribution c ON c.contribution_id = p.key), '{}'::jsonb)))::text, 'UTF8')
  FROM (SELECT saga_id, convert_from(serialized_saga, 'UTF8')::jsonb AS doc FROM saga_entry
         WHERE saga_type = 'org.coordination.ledger.mandate.policy.MandatePolicy') j
 WHERE s.saga_id = j.saga_id;

-- ConsentPolicy: "pledges" was contribution id -> {nation, deployed}; the nation moves to "nations".
UPDATE saga_entry s
   SET serialized_saga = convert_to((j.doc || jsonb_build_object(
           'pledges', COALESCE((SELECT jsonb_object_agg(p.key, c.state) FROM jsonb_each(j.doc -> 'pledges') p
                                  JOIN lookup_contribution c ON c.contribution_id = p.key), '{}'::jsonb),
           'nations', COALESCE((SELECT jsonb_object_agg(p.key, p.value ->> 'nation') FROM jsonb_each(j.doc -> 'pledges') p),
                               '{}'::jsonb)))::text, 'UTF8')
  FROM (SELECT saga_id, convert_from(serialized_saga, 'UTF8')::jsonb AS doc FROM saga_entry
         WHERE saga_type = 'org.coordination.ledger.consent.policy.ConsentPolicy') j
 WHERE s.saga_id = j.saga_id;

-- RulesOfEngagementPolicy: "engaged" (committed or deployed ids) becomes "pledges" for every pledge it follows.
UPDATE saga_entry s
   SET serialized_saga = convert_to(((j.doc - 'engaged') || jsonb_build_object('pledges', COALESCE(
           (SELECT jsonb_object_agg(a.association_value, c.state) FROM association_value_entry a
              JOIN lookup_contribution c ON c.contribution_id = a.association_value
             WHERE a.saga_id = j.saga_id AND a.saga_type = 'org.coordination.ledger.force.policy.RulesOfEngagementPolicy'
               AND a.association_key = 'contributionId'), '{}'::jsonb)))::text, 'UTF8')
  FROM (SELECT saga_id, convert_from(serialized_saga, 'UTF8')::jsonb AS doc FROM saga_entry
         WHERE saga_type = 'org.coordination.ledger.force.policy.RulesOfEngagementPolicy') j
 WHERE s.saga_id = j.saga_id;
-- WithdrawalPolicy gains "state", which an older one lacks: it follows a deployed contingent, and the
-- event that ends it (ContributionWithdrawn) states WITHDRAWN whatever the state before.
