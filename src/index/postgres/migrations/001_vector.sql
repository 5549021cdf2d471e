-- pgvector: the vector type, HNSW indexes and the inner-product operator (<#>).
-- Iterative index scans (hnsw.iterative_scan) need 0.8 or later; the bot checks the version at start.
CREATE EXTENSION IF NOT EXISTS vector;
