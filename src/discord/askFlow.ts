import { uiStrings } from '../answer/strings.ts';
import type { Scope } from '../app/scope.ts';
import type { BotContext } from './botContext.ts';
import { questionText } from './questionText.ts';
import { renderAnswer } from './render/answerMessage.ts';
import { note, type RenderedMessage } from './render/message.ts';

/** How one question is answered where it was asked: a slash command, a button, a mention. */
export interface AskChannel {
  /** Tells the asker, privately where the transport allows it, why the question is not taken; `repeated`: they were told already. */
  refuse(text: string, repeated: boolean): Promise<unknown>;
  /** The question is taken: acknowledge it (defer the interaction, start typing). */
  accept(): Promise<unknown>;
  /** A short note while the question waits for a free slot. */
  queued(rendered: RenderedMessage): void;
  /** The answer. */
  deliver(rendered: RenderedMessage): Promise<unknown>;
}

export interface DiscordQuestion {
  /** The raw text, Discord markup included. */
  question: string;
  userId: string;
  /** The server (or DM) it is asked in: which libraries answer. */
  scope: Scope;
  context?: string | undefined;
  /** Reads the context once the question is admitted (a follow-up's earlier question costs a request to Discord). */
  loadContext?: () => Promise<string | undefined>;
  offset?: number;
  /** A line shown under the question (e.g. "the articles changed since"). */
  notice?: string | undefined;
  /** Where the question came from, for the logs. */
  source: 'slash' | 'mention' | 'dm' | 'button';
}

/** The one path of a question on Discord, whatever asked it: admit, acknowledge, answer (queued if need be), render. */
export async function askOnDiscord(ctx: BotContext, request: DiscordQuestion, channel: AskChannel): Promise<void> {
  const admission = ctx.app.admit({ question: questionText(request.question), userId: request.userId });
  if (!admission.ok) {
    await channel.refuse(admission.message, admission.repeated ?? false);
    return;
  }
  const context = request.context ?? (await request.loadContext?.());
  await channel.accept();
  const s = uiStrings(admission.question.language);
  const answer = await ctx.app.answer(admission.question, {
    scope: request.scope,
    context,
    offset: request.offset ?? 0,
    source: request.source,
    onQueued: () => channel.queued(note(s.queued)),
  });
  await channel.deliver(renderAnswer(answer, { showScores: ctx.app.settings.discord.showScores, notice: request.notice }));
}
