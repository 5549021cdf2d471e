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
} as const;

export const ELLIPSIS = '…';

/** Mentions are never parsed: question and article text can ping nobody, whatever it holds. */
export const noMentions = { parse: [] as [] };

/** Markdown escaping for text that is not ours (questions, article text, titles), line-start syntax included. */
export function escapeText(text: string): string {
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
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
