-- A principal is, under the prod profile, the subject (sub) of an OAuth2/OIDC token, which OpenID Connect allows up to
-- 255 characters long; these columns held 128 (100 for the console's sessions), so a longer subject failed where it was
-- first written. Widening a VARCHAR rewrites neither the table nor its indexes.
ALTER TABLE timeline_entry ALTER COLUMN principal TYPE VARCHAR(255);
ALTER TABLE idempotency_record ALTER COLUMN principal TYPE VARCHAR(255);
ALTER TABLE alert ALTER COLUMN raised_by TYPE VARCHAR(255);
ALTER TABLE spring_session ALTER COLUMN principal_name TYPE VARCHAR(255);
