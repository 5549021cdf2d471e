import { MessageFlags } from 'discord.js';
import type { APIEmbed } from 'discord.js';

/** Discord's own limits on a message, checked so a test fails the way production would. */

export interface DiscordError {
  status: number;
  body: { message: string; code: number; errors?: unknown };
}

type Problem = { path: Array<string | number>; code: string; message: string };

const embedLimits: Array<[(e: APIEmbed) => string | undefined, string[], number]> = [
  [(e) => e.title, ['title'], 256],
  [(e) => e.description, ['description'], 4096],
  [(e) => e.footer?.text, ['footer', 'text'], 2048],
  [(e) => e.author?.name, ['author', 'name'], 256],
];

function embedProblems(embeds: APIEmbed[]): Problem[] {
  const problems: Problem[] = [];
  if (embeds.length > 10) problems.push({ path: ['embeds'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' });
  let total = 0;
  embeds.forEach((embed, i) => {
    for (const [get, path, max] of embedLimits) {
      const value = get(embed) ?? '';
      total += value.length;
      if (value.length > max) problems.push(tooLong(['embeds', i, ...path], max));
    }
    const fields = embed.fields ?? [];
    if (fields.length > 25) problems.push({ path: ['embeds', i, 'fields'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
    fields.forEach((field, j) => {
      total += field.name.length + field.value.length;
      if (!field.name || !field.value) problems.push({ path: ['embeds', i, 'fields', j], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
      if (field.name.length > 256) problems.push(tooLong(['embeds', i, 'fields', j, 'name'], 256));
      if (field.value.length > 1024) problems.push(tooLong(['embeds', i, 'fields', j, 'value'], 1024));
    });
  });
  if (total > 6000) problems.push({ path: ['embeds'], code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' });
  return problems;
}

function tooLong(path: Problem['path'], max: number): Problem {
  return { path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` };
}

/** Checks the fields a create or edit body sets; `prefix` nests the error paths (e.g. `data` for callbacks). */
export function validateMessageBody(body: Record<string, unknown>, prefix: string[] = []): DiscordError | null {
  const problems: Problem[] = [];
  if (typeof body.content === 'string' && body.content.length > 2000) problems.push(tooLong(['content'], 2000));
  if (Array.isArray(body.embeds)) problems.push(...embedProblems(body.embeds as APIEmbed[]));
  if (Array.isArray(body.components) && body.components.length > 5 && !isComponentsV2(body.flags)) {
    problems.push({ path: ['components'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' });
  }
  if (problems.length === 0) return null;
  const errors: Record<string, unknown> = {};
  for (const problem of problems) {
    let node = errors;
    for (const key of [...prefix, ...problem.path]) node = (node[String(key)] ??= {}) as Record<string, unknown>;
    ((node._errors ??= []) as unknown[]).push({ code: problem.code, message: problem.message });
  }
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } };
}

function isComponentsV2(flags: unknown): boolean {
  return typeof flags === 'number' && (flags & MessageFlags.IsComponentsV2) !== 0;
}

/** Discord rejects a message that would show nothing. */
export function isEmptyMessage(m: { content?: string | null; embeds?: unknown[] | null; attachments?: unknown[]; components?: unknown[] | null }): boolean {
  return !m.content?.trim() && !m.embeds?.length && !m.attachments?.length && !m.components?.length;
}

export const emptyMessage: DiscordError = { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
