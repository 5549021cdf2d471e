import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Logger } from '../../util/logger.ts';
import { silentLogger } from '../../util/logger.ts';
import { addArticleCommand } from './addArticle.ts';
import { articlesCommand } from './articles.ts';
import { askCommand } from './ask.ts';
import type { Command } from './command.ts';
import { feedbackCommand } from './feedback.ts';
import { reindexCommand } from './reindex.ts';
import { removeArticleCommand } from './removeArticle.ts';

/** Every slash command module; a new command is one file plus one line here. */
export const commandModules: readonly unknown[] = [askCommand, articlesCommand, addArticleCommand, removeArticleCommand, reindexCommand, feedbackCommand];

function isCommand(value: unknown): value is Command {
  const candidate = value as Partial<Command> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.data?.name === 'string' &&
    typeof candidate.data.toJSON === 'function' &&
    typeof candidate.execute === 'function'
  );
}

/** The commands by name; a module without `data` and `execute`, or a repeated name, is skipped with a warning. */
export function loadCommands(modules: readonly unknown[] = commandModules, logger: Logger = silentLogger): Map<string, Command> {
  const commands = new Map<string, Command>();
  modules.forEach((module, index) => {
    if (!isCommand(module)) {
      logger.warn({ index }, 'a command module lacks `data` (a SlashCommandBuilder) or `execute`; it is skipped');
      return;
    }
    if (commands.has(module.data.name)) {
      logger.warn({ command: module.data.name }, 'two command modules share a name; the second is skipped');
      return;
    }
    commands.set(module.data.name, module);
  });
  return commands;
}

/** The definitions Discord registers (npm run deploy-commands); the tests check them too. */
export function buildCommandDefinitions(modules: readonly unknown[] = commandModules): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [...loadCommands(modules).values()].map((command) => command.data.toJSON());
}
