import type { AutocompleteInteraction, ChatInputCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { BotContext } from '../botContext.ts';

/** A slash command: its definition (a SlashCommandBuilder) and its handler, as in the discord.js guide. */
export interface Command {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /**
   * Registered for Manage Server only, and checked again when run: Manage Server, one of
   * ADMIN_ROLE_IDS or one of ADMIN_USER_IDS (server owners can change who sees a command).
   */
  admin?: boolean;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}
