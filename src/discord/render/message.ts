import { ButtonStyle, ComponentType } from 'discord.js';
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from 'discord.js';
import { directionOf, isolateLine } from './bidi.ts';
import { clip, discordLimits, noMentions, withoutControls, wrapLinks } from './limits.ts';

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** A message body every reply, edit and follow-up of the bot uses: mentions never parsed. */
export interface RenderedMessage {
  content: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  allowedMentions: typeof noMentions;
}

export function message(parts: Partial<Omit<RenderedMessage, 'allowedMentions'>>): RenderedMessage {
  return { content: parts.content ?? '', embeds: parts.embeds ?? [], components: parts.components ?? [], allowedMentions: noMentions };
}

/**
 * A short text reply (a note, a refusal, a result) within the content limit. Discord lays content out
 * left to right, so right-to-left lines are isolated to keep their punctuation where it belongs.
 */
export function note(text: string): RenderedMessage {
  const lines = clip(wrapLinks(withoutControls(text)), discordLimits.content - 40).split('\n');
  return message({ content: lines.map((line) => (directionOf(line) === 'rtl' ? isolateLine(line, 'rtl') : line)).join('\n') });
}

export function button(customId: string, label: string, options: { style?: ButtonStyle; emoji?: string; disabled?: boolean } = {}): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    custom_id: customId,
    style: (options.style ?? ButtonStyle.Secondary) as APIButtonComponentWithCustomId['style'],
    ...(label && { label: label.slice(0, discordLimits.buttonLabel) }),
    ...(options.emoji && { emoji: { name: options.emoji } }),
    ...(options.disabled && { disabled: true }),
  };
}

/**
 * Groups of buttons, each group starting a new row, in rows of at most five and at most five rows;
 * an id repeated within a message (Discord refuses those) is dropped.
 */
export function buttonRows(...groups: APIButtonComponentWithCustomId[][]): ButtonRow[] {
  const seen = new Set<string>();
  const rows: ButtonRow[] = [];
  for (const group of groups) {
    const unique = group.filter((b) => !seen.has(b.custom_id) && seen.add(b.custom_id));
    for (let i = 0; i < unique.length; i += discordLimits.buttonsPerRow) {
      rows.push({ type: ComponentType.ActionRow, components: unique.slice(i, i + discordLimits.buttonsPerRow) });
    }
  }
  return rows.slice(0, discordLimits.rowsPerMessage);
}

/** Characters Discord counts towards the 6,000 an embed message may hold. */
export function embedSize(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}
