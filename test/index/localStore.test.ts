import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { LocalStore } from '../../src/index/localStore.ts';
import { reindex } from '../../src/index/reindex.ts';
import { tempDir } from '../support/corpusFiles.ts';
import { describeStoreContract } from './storeContract.ts';

let root: string;
let libraries = 0;

beforeAll(async () => {
  root = await tempDir('local-store');
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describeStoreContract('local files', {
  library: async () => {
    libraries += 1;
    const indexDir = path.join(root, `library-${libraries}`);
    return {
      store: new LocalStore(indexDir, { efSearch: 100 }),
      reindexFailingBeforePublish: (request, fail) => reindex({ indexDir, ...request, beforePublish: fail }),
      leftovers: async () => (await fs.readdir(indexDir).catch(() => [])).filter((name) => name.endsWith('.tmp')).length,
    };
  },
});
