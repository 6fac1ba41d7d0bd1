-- The four policies (sagas) share one tracking processor, `policies`, where each had its own
-- (`<Saga>Processor`): one transaction, one token and one thread per batch instead of four
-- (docs/adr/0012-one-processor-for-the-policies.md). The new processor starts where the furthest behind of
-- the four stood: its token is the lower bound of theirs. Each policy's own position is kept in
-- `policy_resume_point`, and the policy declines the events it had handled (`PolicyResumePoints`): no event
-- is handled twice by a policy, none is skipped. Every instance of the previous release is stopped first.
-- Only single-segment gap-aware tokens are taken (what this service writes); any other stops the migration
-- rather than be guessed at.
CREATE TABLE policy_resume_point (
    processor_name varchar(255) PRIMARY KEY,
    token          bytea        NOT NULL,
    token_type     varchar(255) NOT NULL
);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM token_entry
                WHERE processor_name IN ('ConsentPolicyProcessor', 'MandatePolicyProcessor',
                                         'RulesOfEngagementPolicyProcessor', 'WithdrawalPolicyProcessor')
                  AND (segment <> 0 OR (token IS NOT NULL
                                        AND token_type <> 'org.axonframework.eventhandling.GapAwareTrackingToken'))) THEN
        RAISE EXCEPTION 'a policy processor has several segments or a token other than a gap-aware one: '
            'merge its segments and let it catch up with the previous release before upgrading';
    END IF;
END $$;

INSERT INTO policy_resume_point (processor_name, token, token_type)
SELECT processor_name, token, token_type FROM token_entry
 WHERE processor_name IN ('ConsentPolicyProcessor', 'MandatePolicyProcessor', 'RulesOfEngagementPolicyProcessor',
                          'WithdrawalPolicyProcessor')
   AND token IS NOT NULL;

-- The lower bound as Axon computes one (GapAwareTrackingToken.lowerBound): the lowest index, lowered while it is a
-- gap of any of the four, and every gap of any of them below it. A policy without a token yet (none has handled
-- an event) makes the new one start from the first event.
WITH old AS (
    SELECT token FROM token_entry
     WHERE processor_name IN ('ConsentPolicyProcessor', 'MandatePolicyProcessor', 'RulesOfEngagementPolicyProcessor',
                              'WithdrawalPolicyProcessor')
), positions AS (
    SELECT convert_from(token, 'UTF8')::jsonb AS token FROM policy_resume_point
), gaps AS (
    SELECT DISTINCT gap.value::bigint AS gap FROM positions, jsonb_array_elements_text(positions.token -> 'gaps') AS gap
), lowest AS (
    SELECT min((token ->> 'index')::bigint) AS index FROM positions
), start AS (
    SELECT max(i) AS index
      FROM lowest, generate_series(lowest.index - (SELECT count(*) FROM gaps) - 1, lowest.index) AS i
     WHERE i NOT IN (SELECT gap FROM gaps)
)
INSERT INTO token_entry (processor_name, segment, token, token_type, timestamp, owner)
SELECT 'policies', 0,
       CASE WHEN EXISTS (SELECT 1 FROM old WHERE old.token IS NULL) THEN NULL
            ELSE convert_to(jsonb_build_object('index', start.index, 'gaps', COALESCE(
                (SELECT jsonb_agg(gap ORDER BY gap) FROM gaps WHERE gap < start.index), '[]'::jsonb))::text, 'UTF8') END,
       CASE WHEN EXISTS (SELECT 1 FROM old WHERE old.token IS NULL) THEN NULL
            ELSE 'org.axonframework.eventhandling.GapAwareTrackingToken' END,
       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), NULL
  FROM start
 WHERE EXISTS (SELECT 1 FROM old);

DELETE FROM token_entry
 WHERE processor_name IN ('ConsentPolicyProcessor', 'MandatePolicyProcessor', 'RulesOfEngagementPolicyProcessor',
                          'WithdrawalPolicyProcessor');
