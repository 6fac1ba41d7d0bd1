-- read_model.last_global_index named the last event folded into a document in processing order. Nothing
-- read it, and it was not a position: the live processor folds an event that commits late (a gap in the
-- global order) after those after it, a rebuild folds in global order, so the same document carried
-- different values. The processors' positions are their tracking tokens (token_entry).
ALTER TABLE read_model DROP COLUMN last_global_index;
