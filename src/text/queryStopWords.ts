// Words dropped from questions only (never from indexed text): they frame a question, they do
// not name its topic. Passages use them in other senses or not at all, so as query terms they
// either match noise (كان, تم, يمكن in every third paragraph) or match nothing and lower the
// question's coverage for every passage alike.
import { normalizeForMatching } from './normalize.ts';

// Class A, closed classes only: interrogatives and their fused forms; copulas and light verbs
// of question templates ("ما الذي تم ...", "من قام ب...", "ماذا يمكن ..."); prepositions with an
// attached pronoun (فيها, بها, عليه), which Light10 otherwise cuts onto a stop word (فيها → في).
const ARABIC = `
  ما ماذا متى كم من أين اين كيف لماذا هل أي أية أيه أيها لمن بمن ممن عمن بماذا لما مما عما بم فيم بكم
  ماهو ماهي ماهى هو هي
  كان كانت كانوا يكون تكون يكونوا أصبح أصبحت
  تم تمت يتم تتم قام قامت قاموا يقوم تقوم
  يمكن يستطيع
  يسمى تسمى يسمي تسمي سمي سميت يدعى تدعى يطلق
  فيه فيها فيهم فيهما به بها بهم بهما له لها لهم لهما عليه عليها عليهم منه منها منهم عنه عنها عنهم إليه إليها إليهم معه معها معهم
  عندما حينما بينما
`;

// English interrogatives, auxiliaries and "many/much" are already index stop words.
// Question-framing nouns (اسم، عدد، نوع; name, kind) were measured as well and left out: they are
// content words elsewhere, and dropping them did not help.
const ENGLISH = `also`;

const QUERY_STOP_WORDS: ReadonlySet<string> = new Set(normalizeForMatching(`${ARABIC} ${ENGLISH}`).split(/\s+/u).filter(Boolean));

/** A word in matching form, or و/ف + such a word (وكان, فما), that a question can do without. */
export function isQueryStopWord(word: string): boolean {
  return QUERY_STOP_WORDS.has(word) || (word.length > 2 && (word.startsWith('و') || word.startsWith('ف')) && QUERY_STOP_WORDS.has(word.slice(1)));
}

// "كم عدد X" is how Arabic asks "how many X": after كم, عدد frames the question like English
// "many" (a stop word) does. Elsewhere عدد is a content word ("عدد القتلى"), so only this pair goes.
const FRAMED_AFTER: ReadonlyMap<string, string> = new Map([[normalizeForMatching('عدد'), normalizeForMatching('كم')]]);

/** Whether `word`, coming right after `previous` in a question, only frames it (كم عدد). */
export function isQueryFrame(previous: string | undefined, word: string): boolean {
  return previous !== undefined && FRAMED_AFTER.get(word) === previous;
}
