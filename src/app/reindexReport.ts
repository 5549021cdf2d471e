import type { SkippedFile } from '../corpus/loadCorpus.ts';
import type { ReindexSummary } from '../index/reindex.ts';

/** A reindex as the app reports it: the index's summary and the corpus files that could not be used. */
export interface ReindexReport extends ReindexSummary {
  skipped: SkippedFile[];
}
