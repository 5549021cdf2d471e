import { LEXICAL_FIELDS, type LexicalFields } from '../lexical/bm25.ts';

/** A chunk's field lengths and, per distinct term, its frequency in each field (LEXICAL_FIELDS order). */
export interface FieldFrequencies {
  lengths: [title: number, section: number, body: number];
  terms: Map<string, [title: number, section: number, body: number]>;
}

const SMALLINT_MAX = 32_767;

export function fieldFrequencies(fields: LexicalFields): FieldFrequencies {
  const terms = new Map<string, [number, number, number]>();
  LEXICAL_FIELDS.forEach((field, f) => {
    for (const term of fields[field]) {
      let tf = terms.get(term);
      if (!tf) terms.set(term, (tf = [0, 0, 0]));
      const count = (tf[f] = tf[f]! + 1);
      if (count > SMALLINT_MAX) throw new RangeError(`the term "${term}" occurs more than ${SMALLINT_MAX} times in one chunk`);
    }
  });
  return { lengths: [fields.title.length, fields.section.length, fields.body.length], terms };
}

