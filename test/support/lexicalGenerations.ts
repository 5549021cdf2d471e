import fs from 'node:fs/promises';
import path from 'node:path';
import { B, FIELD_WEIGHTS, K1, LEXICAL_FIELDS, compareHits, distinctTerms, idf, type LexicalDoc, type LexicalHit } from '../../src/index/lexical/bm25.ts';
import { LexicalIndex, LexicalUpdate, type LexicalFileSink, type LexicalManifest } from '../../src/index/lexical/lexicalIndex.ts';
import { defaultStemmer } from '../../src/text/stemmer.ts';

/**
 * Lexical generations in folders gen-0, gen-1…, each written by a LexicalUpdate of the one before,
 * carrying files by hard link as the product's GenerationWriter does.
 */
export class LexicalGenerations {
  private count = 0;
  private current: { folder: string; manifest: LexicalManifest } | undefined;

  constructor(readonly root: string) {}

  get folder(): string {
    return this.current!.folder;
  }

  get manifest(): LexicalManifest {
    return this.current!.manifest;
  }

  async update(change: { add?: LexicalDoc[]; remove?: number[] }): Promise<LexicalManifest> {
    const update = await LexicalUpdate.start(defaultStemmer.id, this.current);
    try {
      update.remove(change.remove ?? []);
      update.add(change.add ?? []);
      const generation = `gen-${this.count++}`;
      const folder = path.join(this.root, generation);
      await fs.mkdir(folder, { recursive: true });
      const sink: LexicalFileSink = {
        generation,
        carryFile: (from, name) => fs.link(path.join(from, name), path.join(folder, name)),
        writeFile: (name, data) => fs.writeFile(path.join(folder, name), data),
      };
      const manifest = await update.write(sink);
      this.current = { folder, manifest };
      return manifest;
    } finally {
      update.close();
    }
  }

  open(): Promise<LexicalIndex> {
    return LexicalIndex.open(this.current!.folder, this.current!.manifest);
  }
}

/** Every live doc scored by the formulas of bm25.ts, straight from their definition: what the engine must return. */
export function bruteForceBm25f(docs: readonly LexicalDoc[], queryTerms: readonly string[], k: number): LexicalHit[] {
  const n = docs.length;
  const averages = LEXICAL_FIELDS.map((field) => docs.reduce((sum, doc) => sum + doc.fields[field].length, 0) / n);
  const hits: LexicalHit[] = [];
  const terms = distinctTerms(queryTerms);
  const df = new Map(terms.map((term) => [term, docs.filter((doc) => LEXICAL_FIELDS.some((field) => doc.fields[field].includes(term))).length]));
  for (const doc of docs) {
    let score = 0;
    for (const term of terms) {
      let x = 0;
      LEXICAL_FIELDS.forEach((field, f) => {
        const tf = doc.fields[field].filter((t) => t === term).length;
        const length = doc.fields[field].length;
        if (tf > 0) x += (FIELD_WEIGHTS[f]! * tf) / (1 - B + (B * length) / averages[f]!);
      });
      if (x > 0) score += idf(n, df.get(term)!) * ((x * (K1 + 1)) / (x + K1));
    }
    if (score > 0) hits.push({ label: doc.label, score });
  }
  return hits.sort(compareHits).slice(0, k);
}
