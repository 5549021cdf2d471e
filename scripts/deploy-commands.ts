import 'dotenv/config';
import { loadSettings } from '../src/config/settings.ts';
import { SettingsError } from '../src/errors.ts';
import { deployCommands } from '../src/discord/deployCommands.ts';
import { parseCommandLine, runCli } from '../src/terminal/runCli.ts';

const USAGE = `usage: npm run deploy-commands

Registers the slash commands with Discord: in DISCORD_GUILD_ID when it is set (instant), otherwise globally.`;

runCli(async () => {
  parseCommandLine({ options: {} });
  const settings = loadSettings();
  const { token, guildId } = settings.discord;
  if (!token) throw new SettingsError('DISCORD_TOKEN is empty: put the bot token from the developer portal in .env first.');
  // Through DISCORD_API_URL, as the bot itself: a REST proxy sees these requests too.
  const deployed = await deployCommands({ token, guildId, rest: { api: settings.discord.apiUrl } });
  const where = deployed.scope === 'guild' ? `in server ${deployed.guildId} (available now)` : 'globally (may take up to an hour to appear everywhere)';
  process.stdout.write(`Registered ${deployed.commands.length} commands for application ${deployed.applicationId} ${where}: /${deployed.commands.join(', /')}\n`);
}, USAGE);
