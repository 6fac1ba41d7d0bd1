-- A force's pledges become documents of their own (model 'pledge', id the contribution, scope_id its force),
-- read beside the force's document by the roster, the ROE acknowledgements, the consent board and the
-- command structures' contingents. The force's document held every pledge and was written whole for each
-- pledge's event (docs/benchmarks.md); now a pledge's event writes one small document.
--
-- Each pledge of a stored force document is moved, as it is, into its own document, with what the pledge's
-- document carries besides: its force and the version of its own stream (its last event stored; until the
-- read models have folded every stored event, a pledge's version may run ahead of its content, as a
-- force's did). The same as a rebuild would write: the fields are the ones the force's document kept for
-- the pledge, under the same names.
INSERT INTO read_model (model, id, scope_id, document)
SELECT 'pledge', p.key, f.id, p.value || jsonb_build_object('forceId', f.id, 'version', coalesce(h.last_sequence, -1))
FROM read_model f
CROSS JOIN LATERAL jsonb_each(f.document -> 'pledges') p
LEFT JOIN ledger_stream_head h ON h.aggregate_identifier = p.key AND h.aggregate_type = 'Contribution'
WHERE f.model = 'force'
ON CONFLICT (model, id) DO NOTHING;

UPDATE read_model SET document = document - 'pledges' WHERE model = 'force' AND document ? 'pledges';
