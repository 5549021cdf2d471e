import type { Message } from 'discord.js';
import { uiStrings } from '../answer/strings.ts';
import { UserFacingError } from '../errors.ts';
import { admitQuestion, answerForDiscord, questionLanguage, type DiscordAnswer } from './askFlow.ts';
import type { BotContext } from './botContext.ts';
import { isAllowedChannel } from './guards/channels.ts';
import { note, type RenderedMessage } from './render/message.ts';
import { readQuestionLine } from './render/questionLine.ts';

/** Replies ping nobody, not even the asker being replied to. */
const replyMentions = { parse: [] as [], repliedUser: false };

/** The question of the bot's answer a message replies to: the context of a follow-up question. */
async function followUpContext(message: Message, botId: string): Promise<string | undefined> {
  if (!message.reference?.messageId) return undefined;
  const referenced = await message.fetchReference().catch(() => undefined);
  return referenced?.author.id === botId ? readQuestionLine(referenced.content) : undefined;
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

    const reply = async (rendered: RenderedMessage) => message.reply({ ...rendered, allowedMentions: replyMentions });
    try {
      const admission = admitQuestion(ctx, message.content, message.author.id);
      if (!admission.ok) {
        await reply(note(admission.message));
        return;
      }
      const context = await followUpContext(message, botId);
      const channel = message.channel;
      const typing = () => (channel.isSendable() ? channel.sendTyping().catch(() => undefined) : undefined);
      void typing();
      const keepTyping = setInterval(typing, ctx.timings.typingIntervalMs);
      let queuedReply: Promise<Message | undefined> | undefined;
      let result: DiscordAnswer;
      try {
        result = await answerForDiscord(ctx, {
          question: message.content,
          context,
          userId: message.author.id,
          source: inGuild ? 'mention' : 'dm',
          onQueued: () => {
            queuedReply = reply(note(uiStrings(admission.language).queued)).catch(() => undefined);
          },
        });
      } finally {
        clearInterval(keepTyping);
      }
      const rendered = result.ok ? result.message : note(result.message);
      const waiting = await queuedReply;
      if (waiting) await waiting.edit({ ...rendered, allowedMentions: replyMentions });
      else await reply(rendered);
    } catch (error) {
      if (!(error instanceof UserFacingError)) ctx.logger.error({ err: error, channel: message.channelId }, 'answering a message failed');
      const text = error instanceof UserFacingError ? error.message : uiStrings(questionLanguage(message.content)).failed;
      await reply(note(text)).catch((replyError: unknown) => ctx.logger.warn({ err: replyError }, 'could not tell the asker a message failed'));
    }
  };
}
