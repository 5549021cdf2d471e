import { LocalStore } from '../index/localStore.ts';
import type { IndexStore } from '../index/store.ts';

/** Where a library's index lives, as plain data (it crosses to the reindex child process). */
export type StoreLocation = { kind: 'local'; indexDir: string; efSearch: number };

/** The store at a location. */
export function storeAt(location: StoreLocation): IndexStore {
  return new LocalStore(location.indexDir, { efSearch: location.efSearch });
}
