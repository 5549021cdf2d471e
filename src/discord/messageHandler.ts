import type { Message } from 'discord.js';
import { languageOf } from '../answer/question.ts';
import { uiStrings } from '../answer/strings.ts';
import { UserFacingError } from '../errors.ts';
import { askOnDiscord, type AskChannel } from './askFlow.ts';
import type { BotContext } from './botContext.ts';
import { isAllowedChannel } from './guards/channels.ts';
import { scopeOf } from './invoker.ts';
import { questionText } from './questionText.ts';
import { note, type RenderedMessage } from './render/message.ts';
import { readQuestionLine } from './render/questionLine.ts';

/** Replies ping nobody, not even the asker being replied to. */
const replyMentions = { parse: [] as [], repliedUser: false };

/** The question of the bot's answer a message replies to: the context of a follow-up question. */
async function followUpContext(ctx: BotContext, message: Message, botId: string): Promise<string | undefined> {
  if (!message.reference?.messageId) return undefined;
  try {
    const referenced = await message.fetchReference();
    return referenced.author.id === botId ? readQuestionLine(referenced.content) : undefined;
  } catch (error) {
    // The earlier message was deleted or cannot be read: answer without the context, and say why in the log.
    ctx.logger.warn({ err: error, channel: message.channelId }, 'could not read the message a question replies to; answering it on its own');
    return undefined;
  }
}

/** A question asked in a message: the answer is a reply, and the typing indicator shows meanwhile. */
function messageChannel(ctx: BotContext, message: Message): AskChannel & { done(): void } {
  const reply = (rendered: RenderedMessage) => message.reply({ ...rendered, allowedMentions: replyMentions });
  let queuedReply: Promise<Message | undefined> | undefined;
  let keepTyping: NodeJS.Timeout | undefined;
  const channel = message.channel;
  const typing = () => (channel.isSendable() ? channel.sendTyping().catch(() => undefined) : undefined);
  return {
    // A refusal here is a public reply: a user who keeps mentioning the bot while refused is told once, then not again.
    refuse: async (text, repeated) => (repeated ? undefined : reply(note(text))),
    accept: async () => {
      void typing();
      keepTyping = setInterval(typing, ctx.timings.typingIntervalMs);
    },
    queued: (rendered) => {
      queuedReply = reply(rendered).catch(() => undefined);
    },
    deliver: async (rendered) => {
      clearInterval(keepTyping);
      const waiting = await queuedReply;
      if (waiting) await waiting.edit({ ...rendered, allowedMentions: replyMentions });
      else await reply(rendered);
    },
    done: () => clearInterval(keepTyping),
  };
}

/**
 * Questions asked by mentioning the bot, in a direct message, or by replying to one of its answers
 * (a follow-up: the earlier question is passed along as context). Works without the privileged
 * MessageContent intent, because Discord delivers the text of exactly these messages.
 */
export function createMessageHandler(ctx: BotContext) {
  return async (message: Message): Promise<void> => {
    const botId = message.client.user.id;
    if (message.author.bot || message.webhookId || message.system) return;
    const inGuild = message.inGuild();
    if (inGuild && !message.mentions.users.has(botId)) return;
    const place = { channelId: message.channelId, parentId: message.channel.isThread() ? message.channel.parentId : null, isDm: !inGuild };
    if (!isAllowedChannel(place, ctx.app.settings.discord.allowedChannelIds)) return;

    const channel = messageChannel(ctx, message);
    try {
      const loadContext = () => followUpContext(ctx, message, botId);
      const scope = scopeOf({ guildId: message.guildId, userId: message.author.id });
      await askOnDiscord(ctx, { question: message.content, loadContext, userId: message.author.id, scope, source: inGuild ? 'mention' : 'dm' }, channel);
    } catch (error) {
      if (!(error instanceof UserFacingError)) ctx.logger.error({ err: error, channel: message.channelId }, 'answering a message failed');
      const text = error instanceof UserFacingError ? error.message : uiStrings(languageOf(questionText(message.content))).failed;
      await message
        .reply({ ...note(text), allowedMentions: replyMentions })
        .catch((replyError: unknown) => ctx.logger.warn({ err: replyError }, 'could not tell the asker a message failed'));
    } finally {
      channel.done();
    }
  };
}
