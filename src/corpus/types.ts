import type { MappedText } from './mappedText.ts';

export type ArticleFormat = 'markdown' | 'text' | 'html';

export interface ArticleMeta {
  title: string;
  source?: string;
  url?: string;
  /** ISO date (YYYY-MM-DD) when the front-matter gives one. */
  published?: string;
  /** 'ar', 'en' or another code; detected from the text when the front-matter is silent. */
  language: string;
}

/** A heading or a paragraph of cleaned text, mapped back to the article's original text. */
export interface Block {
  kind: 'heading' | 'paragraph';
  content: MappedText;
}

export interface Article {
  /** Stable id from the file name: the same file always gives the same id. */
  id: string;
  /** File name relative to the corpus folder. */
  file: string;
  format: ArticleFormat;
  meta: ArticleMeta;
  /** sha256 of the file's bytes: an unchanged file needs no reindexing. */
  contentHash: string;
  /** The body as received (for HTML: the extracted text), which citations quote. */
  original: string;
  blocks: Block[];
  /** What was wrong with the file without stopping it from loading (a url left out…); absent when nothing was. */
  warnings?: string[];
}
