import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { articleUrlProblem } from './articleUrl.ts';

export interface ExtractedHtml {
  title: string | undefined;
  /** The main text: headings as "## " lines, blocks separated by blank lines. */
  text: string;
  url: string | undefined;
  published: string | undefined;
  language: string | undefined;
  source: string | undefined;
}

const BLOCK_SELECTOR = 'h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, td';

function metaContent(document: ReturnType<typeof parseHTML>['document'], selector: string): string | undefined {
  const value = document.querySelector(selector)?.getAttribute('content') ?? document.querySelector(selector)?.getAttribute('href');
  return value?.trim() || undefined;
}

function blocksToText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  for (const unwanted of document.querySelectorAll('figcaption, figure, script, style, noscript, nav, aside, footer')) unwanted.remove();
  const parts: string[] = [];
  for (const element of document.querySelectorAll(BLOCK_SELECTOR)) {
    // Nested blocks (a <p> inside an <li>) are read through their innermost element only.
    if (element.querySelector(BLOCK_SELECTOR)) continue;
    const text = (element.textContent ?? '').replace(/\s+/gu, ' ').trim();
    if (!text) continue;
    parts.push(/^H[1-6]$/u.test(element.tagName) ? `## ${text}` : text);
  }
  if (parts.length === 0) return (document.body?.textContent ?? '').replace(/[ \t]+/gu, ' ').trim();
  return parts.join('\n\n');
}

/** The main text of a news page, as Firefox's reader view sees it, with its metadata. */
export function extractHtmlArticle(html: string): ExtractedHtml {
  const { document } = parseHTML(html);
  const urls = [metaContent(document, 'link[rel="canonical"]'), metaContent(document, 'meta[property="og:url"]')].filter((url) => url !== undefined);
  // The first that can be linked; when none can, the first, for parseArticle to say why it is left out.
  const url = urls.find((candidate) => articleUrlProblem(candidate) === undefined) ?? urls[0];
  const published =
    metaContent(document, 'meta[property="article:published_time"]') ?? document.querySelector('time[datetime]')?.getAttribute('datetime') ?? undefined;
  const language = document.documentElement?.getAttribute('lang')?.trim() || undefined;
  const fallbackTitle = metaContent(document, 'meta[property="og:title"]') ?? (document.querySelector('title')?.textContent?.trim() || undefined);
  const source = metaContent(document, 'meta[property="og:site_name"]');
  // Readability mutates the document it reads, so it gets its own copy.
  const article = new Readability(parseHTML(html).document as never, { charThreshold: 100 }).parse();
  const text = article?.content ? blocksToText(article.content) : blocksToText(document.body?.innerHTML ?? '');
  return {
    title: article?.title?.trim() || fallbackTitle,
    text,
    url,
    published: article?.publishedTime?.trim() || published || undefined,
    language: article?.lang?.trim() || language,
    source: article?.siteName?.trim() || source,
  };
}
