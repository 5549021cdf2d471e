import { normalizeForMatching } from './normalize.ts';

// Deliberately small: particles, pronouns, demonstratives, relatives and
// question words. Question words are listed because they mark the question,
// not its topic; news passages rarely contain them, so BM25 would otherwise
// rank them as rare, informative terms.
const ARABIC = `
  في من على الى إلى عن مع أن إن ان لأن و أو او ثم ف ب ل ك لا لم لن ما هل قد
  كما بل لكن حتى إذا اذا منذ عند لدى أي كل بعض غير بين هذا هذه ذلك تلك هؤلاء
  هو هي هم هما هن أنا نحن انت أنت التي الذي الذين اللذين اللتين اللواتي
  ماذا لماذا كيف متى أين كم
`;

const ENGLISH = `
  a an the of and or but to in on at by for from with as into about than then
  is are was were be been being do does did has have had will would can could
  it its this that these those he she they we you i his her their our your my
  not no so if there here what who whom whose which when where why how many much s t
`;

// Written in ordinary spelling and stored in matching form, so they compare
// equal to normalized tokens.
export const STOP_WORDS: ReadonlySet<string> = new Set(
  normalizeForMatching(`${ARABIC} ${ENGLISH}`).split(/\s+/).filter(Boolean),
);
