export interface Span {
  start: number;
  end: number;
}

/** A citable piece of an article: whole sentences from one section, with where they came from. */
export interface Chunk {
  /** Stable: derived from the article id and the chunk's text, so an unchanged article gives the same ids. */
  id: string;
  articleId: string;
  /** Heading of the section the chunk is in, if the article has headings. */
  section: string | undefined;
  /** 1-based numbers of the paragraphs the chunk covers, in order. */
  paragraphs: number[];
  /** Cleaned text (original words, repaired punctuation); paragraphs separated by a blank line. */
  text: string;
  /** Sentence offsets in `text`. */
  sentences: Span[];
  /** Where the chunk stands in the article's original text. */
  span: Span;
}
