import { articlesPage } from './articlesPage.ts';
import type { ButtonHandlers } from './button.ts';
import { fullParagraph } from './fullParagraph.ts';
import { morePassages } from './morePassages.ts';
import { vote } from './vote.ts';

/** The handler of each kind of button (see customId.ts for what each button carries). */
export const buttonHandlers: ButtonHandlers = {
  more: morePassages,
  paragraph: fullParagraph,
  vote,
  articles: articlesPage,
};
