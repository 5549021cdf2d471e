import { toSearchTerms } from '../../text/terms.ts';
import type { LexicalFields } from './bm25.ts';

/** A chunk's lexical fields: the terms of its article's title, of its section heading and of its text. */
export function lexicalFields(chunk: { text: string; section: string | undefined }, title: string): LexicalFields {
  return { title: toSearchTerms(title), section: chunk.section ? toSearchTerms(chunk.section) : [], body: toSearchTerms(chunk.text) };
}
