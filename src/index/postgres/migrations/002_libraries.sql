-- The index of every library: 'shared' (the bundled corpus) or a Discord server's.
-- A library's index is a series of generations. A reindex writes a complete new generation in
-- state 'building', then one transaction makes it 'live' (libraries.active_generation) and the
-- previous one 'retired'. Readers pin the generation id they opened, and generations never
-- change once written, so a question sees one generation whole.

CREATE TABLE libraries (
  id text PRIMARY KEY CHECK (id <> ''),
  active_generation bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE generations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  library text NOT NULL REFERENCES libraries (id) ON DELETE CASCADE,
  -- The generation's name for readers (IndexReader.generation): when it was written, strictly
  -- increasing within a library.
  created_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'building' CHECK (state IN ('building', 'live', 'retired')),
  retired_at timestamptz,
  -- The model the vectors come from; all null for a generation built without one.
  model_id text,
  model_dimension int CHECK (model_dimension BETWEEN 1 AND 2000),
  model_query_prefix text,
  model_passage_prefix text,
  CHECK ((model_id IS NULL) = (model_dimension IS NULL)),
  chunk_max_tokens int NOT NULL,
  chunk_overlap_sentences int NOT NULL,
  hnsw_m int NOT NULL,
  hnsw_ef_construction int NOT NULL,
  -- The analysis the terms were made with (the stemmer's id): terms of two analyses never match.
  analysis text NOT NULL,
  -- k1, b and the field weights the postings' weights were computed with.
  scoring jsonb NOT NULL,
  next_label int NOT NULL DEFAULT 0,
  chunk_count int NOT NULL DEFAULT 0,
  embedded_count int NOT NULL DEFAULT 0,
  -- Average field lengths in terms, over the generation's chunks (BM25F's avglen_f).
  avg_title_length float8 NOT NULL DEFAULT 0,
  avg_section_length float8 NOT NULL DEFAULT 0,
  avg_body_length float8 NOT NULL DEFAULT 0
);
CREATE INDEX generations_library ON generations (library, state);

ALTER TABLE libraries ADD FOREIGN KEY (active_generation) REFERENCES generations (id);

-- The articles of a generation, in corpus order (position), as the local manifest lists them.
CREATE TABLE articles (
  generation bigint NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
  id text NOT NULL,
  position int NOT NULL,
  file text NOT NULL,
  title text NOT NULL,
  source text,
  url text,
  published text,
  language text NOT NULL,
  content_hash text NOT NULL,
  -- The labels of the article's chunks, in reading order.
  labels int[] NOT NULL,
  -- False when indexed without a model: the next reindex with one embeds it.
  embedded boolean NOT NULL,
  indexed_at timestamptz NOT NULL,
  PRIMARY KEY (generation, id)
);

-- A generation's chunks, by label. Texts and citations as the chunker made them, the sentence
-- vectors (int8, one bytea per sentence, NULL where a sentence has none), and each lexical
-- field's length in terms (title: the article's title, section: the heading, body: the text).
CREATE TABLE chunks (
  generation bigint NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
  label int NOT NULL,
  id text NOT NULL,
  article_id text NOT NULL,
  section text,
  paragraphs int[] NOT NULL,
  text text NOT NULL,
  -- Sentence offsets in text, flattened: start, end, start, end, …
  sentences int[] NOT NULL,
  span_start int NOT NULL,
  span_end int NOT NULL,
  sentence_vectors bytea[] NOT NULL,
  title_length int NOT NULL,
  section_length int NOT NULL,
  body_length int NOT NULL,
  PRIMARY KEY (generation, label)
);

-- Dense vectors live in one table per dimension, embeddings_<dimension> (vector(<dimension>),
-- an HNSW index with vector_ip_ops), created by the bot the first time it writes a generation
-- with a model of that dimension; this table lists them.
CREATE TABLE embedding_tables (
  dimension int PRIMARY KEY CHECK (dimension BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The lexical side, from the bot's own analysis (text/terms.ts), scored as
-- src/index/lexical/bm25.ts says (BM25F over title, section and body).
-- One posting per (generation, term, chunk): the field term frequencies, kept so that the next
-- generation can copy them, and the posting's BM25F weight, idf(t) · saturate(x(t, d)),
-- computed once when the generation is written (valid because a generation never changes), so
-- a question only sums weights.
CREATE TABLE postings (
  generation bigint NOT NULL,
  term text NOT NULL,
  label int NOT NULL,
  tf_title smallint NOT NULL,
  tf_section smallint NOT NULL,
  tf_body smallint NOT NULL,
  weight float8 NOT NULL,
  PRIMARY KEY (generation, term, label) INCLUDE (weight)
);

-- The vocabulary of a generation: each term's document frequency (chunks holding it in any
-- field) and its number of distinct character trigrams, for the spelling-variant rule.
CREATE TABLE terms (
  generation bigint NOT NULL,
  term text NOT NULL,
  chunks int NOT NULL,
  grams int NOT NULL,
  PRIMARY KEY (generation, term)
);

-- The distinct boundary-marked character trigrams of each vocabulary term (text/ngrams.ts
-- distinctNgrams, computed by the bot): a question term no chunk holds is matched to the terms
-- sharing its trigrams, and the Dice coefficient of the two sets is computed exactly.
CREATE TABLE term_grams (
  generation bigint NOT NULL,
  gram text NOT NULL,
  term text NOT NULL,
  PRIMARY KEY (generation, gram, term)
);

-- The new chunks' field term frequencies while a generation is being written; emptied when the
-- postings are computed. Unlogged: a crash loses only rows of a generation that never went live.
CREATE UNLOGGED TABLE pending_postings (
  generation bigint NOT NULL,
  label int NOT NULL,
  term text NOT NULL,
  tf_title smallint NOT NULL,
  tf_section smallint NOT NULL,
  tf_body smallint NOT NULL
);
CREATE INDEX pending_postings_generation ON pending_postings (generation);
