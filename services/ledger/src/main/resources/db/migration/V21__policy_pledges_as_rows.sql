-- The pledges a policy follows (ConsentPolicy, MandatePolicy, RulesOfEngagementPolicy: one saga per force or
-- mandate, following every pledge to it) leave the saga's serialized state for rows of their own, one per policy
-- and pledge: an event of a pledge now writes that pledge's row and a small saga row, where it rewrote the whole
-- state, tens of kilobytes for a large force (docs/benchmarks.md, change 53). The saga store
-- (VersionedSagaStore with PolicyPledgeRows) writes a row only in the transaction that writes the saga's row, so
-- the saga row's version still fixes the policy's whole state. The consent policy's "nations" (contribution id
-- to nation) moves into the same rows. `position` keeps the order in which the policy took the pledges up, the
-- order its decisions go out in.
CREATE TABLE policy_pledge (
    saga_id         VARCHAR(255) NOT NULL,
    contribution_id VARCHAR(255) NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    nation          VARCHAR(255),
    position        BIGINT GENERATED ALWAYS AS IDENTITY,
    CONSTRAINT policy_pledge_pkey PRIMARY KEY (saga_id, contribution_id)
);

-- "pledges" is contribution id -> state name (V12); read as json, not jsonb, to keep the keys' order.
INSERT INTO policy_pledge (saga_id, contribution_id, state, nation)
SELECT s.saga_id, p.key, p.value, s.doc -> 'nations' ->> p.key
  FROM (SELECT saga_id, convert_from(serialized_saga, 'UTF8')::json AS doc FROM saga_entry
         WHERE saga_type IN ('org.coordination.ledger.consent.policy.ConsentPolicy',
                             'org.coordination.ledger.mandate.policy.MandatePolicy',
                             'org.coordination.ledger.force.policy.RulesOfEngagementPolicy')) s
 CROSS JOIN LATERAL json_each_text(s.doc -> 'pledges') WITH ORDINALITY AS p(key, value, n)
 ORDER BY s.saga_id, p.n;

UPDATE saga_entry
   SET serialized_saga = convert_to((convert_from(serialized_saga, 'UTF8')::jsonb - 'pledges' - 'nations')::text, 'UTF8')
 WHERE saga_type IN ('org.coordination.ledger.consent.policy.ConsentPolicy',
                     'org.coordination.ledger.mandate.policy.MandatePolicy',
                     'org.coordination.ledger.force.policy.RulesOfEngagementPolicy');
