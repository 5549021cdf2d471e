import { ButtonStyle } from 'discord.js';
import { uiStrings, type UiLanguage } from '../../answer/strings.ts';
import type { ArticleSummary } from '../../app/articles.ts';
import { encodeButtonAction } from '../customId.ts';
import { isolate, isolateLine } from './bidi.ts';
import { clip, escapeText } from './limits.ts';
import { button, buttonRows, message, note, type RenderedMessage } from './message.ts';

const ARTICLES_PER_PAGE = 10;
const LIST_COLOR = 0x2f6fb5;

/** One page of the indexed articles (title, date, chunks, id) with buttons to the neighbouring pages. */
export function renderArticlesPage(articles: readonly ArticleSummary[], requestedPage: number, language: UiLanguage): RenderedMessage {
  const s = uiStrings(language);
  const direction = language === 'ar' ? 'rtl' : 'ltr';
  if (articles.length === 0) return note(s.emptyIndex);
  const pages = Math.ceil(articles.length / ARTICLES_PER_PAGE);
  const page = Math.min(Math.max(0, requestedPage), pages - 1);
  const first = page * ARTICLES_PER_PAGE;
  const lines = articles.slice(first, first + ARTICLES_PER_PAGE).flatMap((article, i) => {
    const date = article.published ?? article.indexedAt.slice(0, 10);
    return [
      isolateLine(`**${first + i + 1}.** ${isolate(escapeText(clip(article.title, 200)))}`, direction),
      isolateLine(
        `${isolate(`\`${article.id}\``)} · ${isolate(date)} · ${s.chunkCount(article.chunks)} · ${article.library === 'server' ? s.libraryServer : s.libraryShared}`,
        direction,
      ),
    ];
  });
  const navigation =
    pages > 1
      ? [
          button(encodeButtonAction({ kind: 'articles', page: Math.max(0, page - 1) }), s.previous, { emoji: '◀️', disabled: page === 0 }),
          button(encodeButtonAction({ kind: 'articles', page: Math.min(pages - 1, page + 1) }), s.next, { emoji: '▶️', style: ButtonStyle.Primary, disabled: page === pages - 1 }),
        ]
      : [];
  return message({
    embeds: [
      {
        color: LIST_COLOR,
        title: isolateLine(s.articlesTitle(articles.length), direction),
        description: lines.join('\n'),
        footer: { text: s.page(page + 1, pages) },
      },
    ],
    components: buttonRows(navigation),
  });
}
