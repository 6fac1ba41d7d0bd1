-- A party has one consent register per force (docs/domain.md): OpenConsentRegister is refused when the party already
-- has one, and this unique index refuses the second of two opened at once (the later command is decided again, on the
-- register the first committed, and refused). Registers opened twice for a party and force before this rule keep
-- their rows, for who may act on them; all but the first opened are marked, and the index leaves them out.
ALTER TABLE lookup_register ADD COLUMN second_for_party BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE lookup_register SET second_for_party = TRUE
 WHERE register_id IN (
       SELECT register_id FROM (
              SELECT r.register_id,
                     row_number() OVER (PARTITION BY r.force_id, r.party
                                        ORDER BY (SELECT min(e.global_index) FROM domain_event_entry e
                                                   WHERE e.aggregate_identifier = r.register_id AND e.type = 'ConsentRegister'),
                                                 r.register_id) AS opened
                FROM lookup_register r) ranked
        WHERE opened > 1);
CREATE UNIQUE INDEX lookup_register_one_per_party ON lookup_register (force_id, party) WHERE NOT second_for_party;
