import { ButtonStyle, ComponentType, MessageFlags } from 'discord.js';
import type { APIEmbed } from 'discord.js';
import type { OutgoingRule, RequestRules } from './rules.ts';

/** Discord's own limits on a message, checked so a test fails the way production would. */

export interface DiscordError {
  status: number;
  body: { message: string; code: number; errors?: unknown };
}

type Problem = { path: Array<string | number>; code: string; message: string; rule: OutgoingRule };

const embedLimits: Array<[(e: APIEmbed) => string | undefined, string[], number]> = [
  [(e) => e.title, ['title'], 256],
  [(e) => e.description, ['description'], 4096],
  [(e) => e.footer?.text, ['footer', 'text'], 2048],
  [(e) => e.author?.name, ['author', 'name'], 256],
];

const webSchemes = ['http:', 'https:'];
const mediaSchemes = [...webSchemes, 'attachment:'];
/** Every URL an embed can carry (a bot cannot set `video` or `provider`), with the schemes Discord takes for it. */
const embedUrls: Array<[(e: APIEmbed) => string | undefined, string[], string[]]> = [
  [(e) => e.url, ['url'], webSchemes],
  [(e) => e.author?.url, ['author', 'url'], webSchemes],
  [(e) => e.author?.icon_url, ['author', 'icon_url'], mediaSchemes],
  [(e) => e.footer?.icon_url, ['footer', 'icon_url'], mediaSchemes],
  [(e) => e.image?.url, ['image', 'url'], mediaSchemes],
  [(e) => e.thumbnail?.url, ['thumbnail', 'url'], mediaSchemes],
];
const MAX_EMBED_URL = 2048;

function urlProblem(value: string, path: Problem['path'], schemes: string[], max: number, rule: OutgoingRule): Problem | null {
  if (value.length > max) return tooLong(path, max, rule);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return { path, code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.', rule };
  }
  if (!schemes.includes(parsed.protocol)) {
    const allowed = schemes.map((s) => `'${s.slice(0, -1)}'`).join(', ');
    return { path, code: 'URL_TYPE_INVALID_SCHEME', message: `Scheme "${parsed.protocol.slice(0, -1)}" is not supported. Scheme must be one of (${allowed}).`, rule };
  }
  return null;
}

function embedProblems(embeds: APIEmbed[]): Problem[] {
  const problems: Problem[] = [];
  if (embeds.length > 10) problems.push({ path: ['embeds'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.', rule: 'messageLimits' });
  let total = 0;
  embeds.forEach((embed, i) => {
    for (const [get, path, max] of embedLimits) {
      const value = get(embed) ?? '';
      total += value.length;
      if (value.length > max) problems.push(tooLong(['embeds', i, ...path], max));
    }
    for (const [get, path, schemes] of embedUrls) {
      const value = get(embed);
      const problem = value === undefined ? null : urlProblem(value, ['embeds', i, ...path], schemes, MAX_EMBED_URL, 'embedUrls');
      if (problem) problems.push(problem);
    }
    const fields = embed.fields ?? [];
    if (fields.length > 25) problems.push({ path: ['embeds', i, 'fields'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.', rule: 'messageLimits' });
    fields.forEach((field, j) => {
      total += field.name.length + field.value.length;
      if (!field.name || !field.value) problems.push({ path: ['embeds', i, 'fields', j], code: 'BASE_TYPE_REQUIRED', message: 'This field is required', rule: 'messageLimits' });
      if (field.name.length > 256) problems.push(tooLong(['embeds', i, 'fields', j, 'name'], 256));
      if (field.value.length > 1024) problems.push(tooLong(['embeds', i, 'fields', j, 'value'], 1024));
    });
  });
  if (total > 6000) problems.push({ path: ['embeds'], code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000', rule: 'messageLimits' });
  return problems;
}

type RawComponent = { type?: number; style?: number; custom_id?: string; label?: string; emoji?: unknown; url?: string; sku_id?: string; components?: RawComponent[] };

const selectTypes: number[] = [ComponentType.StringSelect, ComponentType.UserSelect, ComponentType.RoleSelect, ComponentType.MentionableSelect, ComponentType.ChannelSelect];

/** Action rows of buttons and select menus (components v1), as Discord checks them. */
function componentProblems(rows: RawComponent[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const rule = 'componentLimits' as const;
  rows.forEach((row, i) => {
    if (row.type !== ComponentType.ActionRow) {
      problems.push({ path: ['components', i, 'type'], code: 'UNION_TYPE_CHOICES', message: 'Value of field "type" must be one of (1,).', rule });
      return;
    }
    const children = row.components ?? [];
    if (children.length === 0 || children.length > 5) {
      problems.push({ path: ['components', i, 'components'], code: children.length ? 'BASE_TYPE_BAD_LENGTH' : 'BASE_TYPE_REQUIRED', message: 'Must be between 1 and 5 in length.', rule });
    }
    children.forEach((child, j) => {
      const path = ['components', i, 'components', j];
      if (child.custom_id !== undefined) {
        if (child.custom_id.length > 100) problems.push(tooLong([...path, 'custom_id'], 100, rule));
        if (seen.has(child.custom_id)) problems.push({ path: [...path, 'custom_id'], code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated', rule });
        seen.add(child.custom_id);
      }
      if (selectTypes.includes(child.type ?? -1) && children.length > 1) {
        problems.push({ path: [...path], code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', message: 'The specified component exceeds the maximum width', rule });
      }
      if (child.type !== ComponentType.Button) return;
      if (child.label !== undefined && child.label.length > 80) problems.push(tooLong([...path, 'label'], 80, rule));
      if (child.style === ButtonStyle.Link) {
        const problem = child.url === undefined
          ? { path: [...path, 'url'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required', rule }
          : urlProblem(child.url, [...path, 'url'], ['http:', 'https:', 'discord:'], 512, rule);
        if (problem) problems.push(problem);
      } else if (child.style !== ButtonStyle.Premium) {
        if (!child.custom_id) problems.push({ path: [...path, 'custom_id'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required', rule });
        if (!child.label && !child.emoji) problems.push({ path: [...path, 'label'], code: 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', message: 'A label or an emoji is required', rule });
      }
    });
  });
  return problems;
}

function tooLong(path: Problem['path'], max: number, rule: OutgoingRule = 'messageLimits'): Problem {
  return { path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.`, rule };
}

/** The problems of a create or edit body, each tagged with the rule it breaks. */
export function messageBodyProblems(body: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  if (typeof body.content === 'string' && body.content.length > 2000) problems.push(tooLong(['content'], 2000));
  if (Array.isArray(body.embeds)) problems.push(...embedProblems(body.embeds as APIEmbed[]));
  if (Array.isArray(body.components) && !isComponentsV2(body.flags)) {
    if (body.components.length > 5) problems.push({ path: ['components'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.', rule: 'messageLimits' });
    problems.push(...componentProblems(body.components as RawComponent[]));
  }
  return problems;
}

/** Discord's "Invalid Form Body" for problems; `prefix` nests the error paths (e.g. `data` for callbacks). */
export function invalidFormBody(problems: Array<Pick<Problem, 'path' | 'code' | 'message'>>, prefix: string[] = []): DiscordError {
  const errors: Record<string, unknown> = {};
  for (const problem of problems) {
    let node = errors;
    for (const key of [...prefix, ...problem.path]) node = (node[String(key)] ??= {}) as Record<string, unknown>;
    ((node._errors ??= []) as unknown[]).push({ code: problem.code, message: problem.message });
  }
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } };
}

/** Checks the fields a create or edit body sets; a relaxed rule lets its problems through. */
export function validateMessageBody(body: Record<string, unknown>, rules: RequestRules, prefix: string[] = []): DiscordError | null {
  const blocking = messageBodyProblems(body).filter((p) => rules.breaks(p.rule, `${[...prefix, ...p.path].join('.')}: ${p.message}`));
  return blocking.length === 0 ? null : invalidFormBody(blocking, prefix);
}

function isComponentsV2(flags: unknown): boolean {
  return typeof flags === 'number' && (flags & MessageFlags.IsComponentsV2) !== 0;
}

/** Discord rejects a message that would show nothing. */
export function isEmptyMessage(m: { content?: string | null; embeds?: unknown[] | null; attachments?: unknown[]; components?: unknown[] | null }): boolean {
  return !m.content?.trim() && !m.embeds?.length && !m.attachments?.length && !m.components?.length;
}

export const emptyMessage: DiscordError = { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
