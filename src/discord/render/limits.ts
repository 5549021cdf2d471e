import { escapeMarkdown } from 'discord.js';

/** Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const discordLimits = {
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  /** Sum of every title, description, field, footer and author name of a message's embeds. */
  embedTotal: 6000,
  buttonLabel: 80,
  customId: 100,
  buttonsPerRow: 5,
  rowsPerMessage: 5,
  autocompleteChoices: 25,
  choiceName: 100,
  /** An embed's url (and any other link Discord stores): longer ones make Discord refuse the whole message. */
  embedUrl: 2048,
} as const;

export const ELLIPSIS = '…';

/** Mentions are never parsed: question and article text can ping nobody, whatever it holds. */
export const noMentions = { parse: [] as [] };

// C0 control characters but the line feed and the tab, and DEL: never shown, never echoed.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F]/gu;
const BARE_LINK = /(?<!<)\bhttps?:\/\/[^\s<>]+/giu;

/** Text without control characters (a question or a file name may carry them; Discord would show them as boxes, or worse). */
export function withoutControls(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}

/** Markdown escaping for text that is not ours (questions, article text, titles), line-start syntax included; control characters go. */
export function escapeText(text: string): string {
  return escapeMarkdown(withoutControls(text), { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
}

/** Puts bare links in angle brackets, so that Discord shows them without a preview of the page. */
export function wrapLinks(text: string): string {
  return text.replace(BARE_LINK, (link) => `<${link}>`);
}

/**
 * Text that is not ours for a message's content, where links would unfurl: links wrapped in angle
 * brackets (and left unescaped, so they still work), everything else escaped.
 */
export function escapeEchoed(text: string): string {
  let out = '';
  let at = 0;
  const clean = withoutControls(text);
  for (const match of clean.matchAll(BARE_LINK)) {
    out += escapeText(clean.slice(at, match.index)) + `<${match[0]}>`;
    at = match.index + match[0].length;
  }
  return out + escapeText(clean.slice(at));
}

/** The inverse of {@link escapeEchoed}. */
export function unescapeEchoed(text: string): string {
  let out = '';
  let at = 0;
  for (const match of text.matchAll(/<(https?:\/\/[^\s<>]+)>/giu)) {
    out += unescapeText(text.slice(at, match.index)) + match[1];
    at = match.index + match[0].length;
  }
  return out + unescapeText(text.slice(at));
}

/** The inverse of {@link escapeText}: escaping only ever puts a backslash before a character. */
export function unescapeText(text: string): string {
  return text.replace(/\\([\s\S])/gu, '$1');
}

/** Cuts plain text to `max` characters at a word boundary when there is one near the end, adding "…". */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  const room = max - ELLIPSIS.length;
  // Never split a surrogate pair (an emoji, a rare letter) in two.
  const high = text.charCodeAt(room - 1) >= 0xd800 && text.charCodeAt(room - 1) <= 0xdbff;
  const cut = text.slice(0, high ? room - 1 : room);
  const space = cut.search(/\s\S*$/u);
  return `${(space > room * 0.6 ? cut.slice(0, space) : cut).trimEnd()}${ELLIPSIS}`;
}
