import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { uiStrings } from '../../answer/strings.ts';
import { interactionLanguage } from '../language.ts';
import { note } from '../render/message.ts';
import { libraryOption, libraryTarget } from '../libraryTarget.ts';
import { deliverLate, replyPrivately } from '../reply.ts';
import type { Command } from './command.ts';

export const reindexCommand: Command = {
  admin: true,
  data: new SlashCommandBuilder()
    .setName('reindex')
    .setDescription('Bring the index in line with the corpus folder · حدّث الفهرس')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addBooleanOption((option) => option.setName('full').setDescription('Rebuild everything from scratch (slower)'))
    .addStringOption(libraryOption),

  async execute(interaction, ctx) {
    const language = interactionLanguage(interaction);
    const s = uiStrings(language);
    const target = libraryTarget(interaction, ctx, language);
    if (!target.ok) {
      await replyPrivately(interaction, target.message);
      return;
    }
    const full = interaction.options.getBoolean('full') ?? false;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await interaction.editReply(note(s.reindexing));
    // Progress edits are throttled (Discord rate-limits edits) and sent one after another.
    let lastEdit = -Infinity;
    let edits: Promise<unknown> = Promise.resolve();
    const onProgress = ({ done, total }: { done: number; total: number }) => {
      const now = ctx.clock.now();
      if (now - lastEdit < ctx.timings.progressIntervalMs) return;
      lastEdit = now;
      edits = edits.then(() => interaction.editReply(note(s.reindexProgress(done, total)))).catch((error: unknown) => {
        ctx.logger.warn({ err: error }, 'could not show reindex progress');
      });
    };
    ctx.logger.info({ event: 'reindex', full, library: target.id }, 'reindex requested from Discord');
    const summary = await ctx.app.reindex({ full, onProgress }, target.id);
    await edits;
    const { articles, chunks } = summary;
    const lines = [s.reindexDone(summary.seconds.toFixed(1), articles.added.length, articles.updated.length, articles.removed.length, articles.unchanged, chunks.total)];
    if (chunks.withoutVectors > 0) lines.push(s.reindexWithoutVectors(chunks.withoutVectors));
    await deliverLate(interaction, note(lines.join('\n')), ctx.logger);
  },
};
