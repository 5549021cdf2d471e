import type { HnswOptions } from './hnswIndex.ts';
import { IndexSnapshot } from './indexSnapshot.ts';
import { reindex } from './reindex.ts';
import type { IndexReader, IndexStore, StoreReindexRequest } from './store.ts';
import type { ReindexSummary } from './reindex.ts';

/** A library's index as files under one folder (the embedded default): generations, each complete, named by CURRENT. */
export class LocalStore implements IndexStore {
  constructor(
    readonly indexDir: string,
    private readonly hnsw: Pick<HnswOptions, 'efSearch'>,
  ) {}

  open(options: { expectedModel?: { id: string; dimension: number } | undefined }): Promise<IndexReader | undefined> {
    return IndexSnapshot.open(this.indexDir, { expectedModel: options.expectedModel, efSearch: this.hnsw.efSearch });
  }

  reindex(request: StoreReindexRequest): Promise<ReindexSummary> {
    return reindex({ indexDir: this.indexDir, ...request });
  }
}
