import type { ButtonInteraction, ChatInputCommandInteraction, Interaction } from 'discord.js';
import { uiStrings, type UiLanguage } from '../answer/strings.ts';
import type { BotContext } from './botContext.ts';
import type { ButtonHandler, ButtonHandlers } from './buttons/button.ts';
import type { Command } from './commands/command.ts';
import { decodeButtonAction, type ButtonAction } from './customId.ts';
import { isAdmin } from './guards/admin.ts';
import { invokerOf } from './invoker.ts';
import { interactionLanguage } from './language.ts';
import { replyPrivately, reportFailure } from './reply.ts';

/** Routes slash commands, autocompletion and button clicks to their handlers; errors stop here. */
export function createInteractionHandler(ctx: BotContext, commands: Map<string, Command>, buttons: ButtonHandlers) {
  return async (interaction: Interaction): Promise<void> => {
    if (interaction.isAutocomplete()) {
      try {
        await commands.get(interaction.commandName)?.autocomplete?.(interaction, ctx);
      } catch (error) {
        ctx.logger.warn({ err: error, command: interaction.commandName }, 'autocomplete failed');
      }
      return;
    }
    if (!interaction.isChatInputCommand() && !interaction.isButton()) return;
    let language: UiLanguage = 'en';
    try {
      language = interactionLanguage(interaction);
      if (interaction.isChatInputCommand()) await runCommand(interaction, language, ctx, commands);
      else await runButton(interaction, language, ctx, buttons);
    } catch (error) {
      await reportFailure(interaction, error, ctx.logger, language);
    }
  };
}

async function runCommand(interaction: ChatInputCommandInteraction, language: UiLanguage, ctx: BotContext, commands: Map<string, Command>): Promise<void> {
  const command = commands.get(interaction.commandName);
  if (!command) {
    ctx.logger.warn({ command: interaction.commandName }, 'unknown command (deploy the commands again: npm run deploy-commands)');
    await replyPrivately(interaction, uiStrings(language).outdated);
    return;
  }
  if (command.admin && !isAdmin(invokerOf(interaction), ctx.app.settings.discord)) {
    await replyPrivately(interaction, uiStrings(language).notAdmin);
    return;
  }
  await command.execute(interaction, ctx);
}

async function runButton(interaction: ButtonInteraction, language: UiLanguage, ctx: BotContext, buttons: ButtonHandlers): Promise<void> {
  const action = decodeButtonAction(interaction.customId);
  if (!action) {
    await replyPrivately(interaction, uiStrings(language).outdated);
    return;
  }
  await (buttons[action.kind] as ButtonHandler<ButtonAction['kind']>)(interaction, action, ctx);
}
