/**
 * The longest article URL kept, in characters. Every answer that cites an article links its URL,
 * and Discord refuses a message whose embed url is over 2048 characters, so one longer URL would
 * break every answer citing that article.
 */
export const MAX_ARTICLE_URL_LENGTH = 2048;

const PREVIEW_CHARS = 80;

function preview(url: string): string {
  return url.length > PREVIEW_CHARS ? `${url.slice(0, PREVIEW_CHARS)}…` : url;
}

/**
 * Why an article's URL cannot be kept (not an absolute http or https URL, or longer than
 * MAX_ARTICLE_URL_LENGTH as written or as linked), or undefined when it can.
 */
export function articleUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `the url "${preview(url)}" is not an absolute http or https address`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `the url is a ${parsed.protocol} address, not http or https`;
  // Links carry the percent-encoded form, which can be several times longer than Arabic text as written.
  const length = Math.max(url.length, parsed.href.length);
  if (length > MAX_ARTICLE_URL_LENGTH) return `the url is ${length} characters long, over the ${MAX_ARTICLE_URL_LENGTH} a link in Discord can have`;
  return undefined;
}
