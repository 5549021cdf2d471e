import { REST, Routes, type APIApplication, type APIApplicationCommand, type RESTOptions } from 'discord.js';
import { buildCommandDefinitions } from './commands/index.ts';
import { explainLoginFailure, withoutToken } from './loginError.ts';

export interface DeployCommandsOptions {
  token: string;
  /** A server to register in (instant, for testing); undefined registers globally (may take up to an hour to show). */
  guildId?: string | undefined;
  /** REST settings (tests point `api` at a local Discord stand-in). */
  rest?: Partial<RESTOptions>;
}

export interface DeployedCommands {
  applicationId: string;
  scope: 'guild' | 'global';
  guildId: string | undefined;
  commands: string[];
}

/**
 * Registers every slash command with Discord, replacing what was registered before in that scope.
 * The application id comes from the token itself (GET /applications/@me).
 */
export async function deployCommands(options: DeployCommandsOptions): Promise<DeployedCommands> {
  const rest = new REST({ version: '10', ...options.rest }).setToken(options.token);
  try {
    const application = (await rest.get(Routes.currentApplication())) as APIApplication;
    const route = options.guildId ? Routes.applicationGuildCommands(application.id, options.guildId) : Routes.applicationCommands(application.id);
    const saved = (await rest.put(route, { body: buildCommandDefinitions() })) as APIApplicationCommand[];
    return { applicationId: application.id, scope: options.guildId ? 'guild' : 'global', guildId: options.guildId, commands: saved.map((command) => command.name) };
  } catch (error) {
    throw explainLoginFailure(error) ?? withoutToken(error, options.token);
  }
}
