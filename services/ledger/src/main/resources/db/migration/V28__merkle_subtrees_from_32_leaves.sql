-- The Merkle log keeps the hashes of complete subtrees of 32 leaves and more only (level 5 and up); a smaller one is
-- hashed from its at most 16 leaves when a root or a proof needs it (MerkleLogStore). Storing every level kept a
-- subtree row, with its index entry, for nearly every leaf: a million rows per million events that the log's bulk,
-- autovacuum and every backup carried (docs/benchmarks.md, change 80). The rows below level 5 are not read any more:
-- removed, so that the table holds what the log keeps and nothing an older release alone would read.
DELETE FROM merkle_node WHERE level < 5;
