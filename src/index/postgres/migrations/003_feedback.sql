-- Votes and unanswered questions, per library (src/feedback/feedbackLog.ts's records).
CREATE TABLE feedback (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  library text NOT NULL CHECK (library <> ''),
  type text NOT NULL CHECK (type IN ('vote', 'not-found')),
  at timestamptz NOT NULL,
  question text NOT NULL,
  language text NOT NULL CHECK (language IN ('ar', 'en')),
  -- Short hash of the index generation that answered.
  generation text NOT NULL,
  -- A hash of the Discord user id, never the id itself.
  user_hash text NOT NULL,
  vote text CHECK (vote IN ('up', 'down')),
  "offset" int CHECK ("offset" >= 0),
  chunk_ids text[],
  CHECK ((type = 'vote') = (vote IS NOT NULL AND "offset" IS NOT NULL AND chunk_ids IS NOT NULL))
);
CREATE INDEX feedback_library ON feedback (library, id);
