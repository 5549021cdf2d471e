import type { SlashCommandStringOption } from 'discord.js';
import { SHARED_LIBRARY, type LibraryId } from '../app/library.ts';
import { uiStrings, type UiLanguage } from '../answer/strings.ts';
import type { BotContext } from './botContext.ts';

const OPTION = 'library';

/** The option every admin command has: this server's library (the default), or the shared one (the bot's operators only). */
export function libraryOption(option: SlashCommandStringOption): SlashCommandStringOption {
  return option
    .setName(OPTION)
    .setDescription("Which library: this server's (default), or the shared one (bot operators only)")
    .addChoices({ name: "This server's library", value: 'server' }, { name: 'The shared library (operators)', value: 'shared' });
}

export type LibraryTarget = { ok: true; id: LibraryId } | { ok: false; message: string };

/**
 * The library an admin command acts on. A server's managers act on their own server's library:
 * the server is the one the command runs in, as Discord says, never a value the user typed; the
 * shared library is for OWNER_USER_IDS only.
 */
export function libraryTarget(
  interaction: { options: { getString(name: string): string | null }; guildId: string | null; user: { id: string } },
  ctx: BotContext,
  language: UiLanguage,
): LibraryTarget {
  const s = uiStrings(language);
  if (interaction.options.getString(OPTION) === 'shared') {
    return ctx.app.settings.discord.ownerUserIds.includes(interaction.user.id) ? { ok: true, id: SHARED_LIBRARY } : { ok: false, message: s.notOwner };
  }
  return interaction.guildId ? { ok: true, id: interaction.guildId } : { ok: false, message: s.serverOnly };
}
