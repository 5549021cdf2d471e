import { GatewayCloseCodes } from 'discord.js';
import { UserFacingError, errorMessage } from '../errors.ts';

/** The bot could not log in to Discord for a reason the operator fixes (token, intents). */
export class DiscordLoginError extends UserFacingError {}

const PORTAL = 'https://discord.com/developers/applications';

const NETWORK_ERRORS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

const invalidToken = () =>
  new DiscordLoginError(
    `Discord refused the bot token (DISCORD_TOKEN): it is mistyped, incomplete or was reset. In the developer portal (${PORTAL}) ` +
      'open your application → Bot → Reset Token, put the new token in .env as DISCORD_TOKEN, and start the bot again.',
  );

const disallowedIntents = () =>
  new DiscordLoginError(
    'Discord refused the gateway intents the bot asked for (close code 4014: disallowed intents). The bot asks for Guilds, ' +
      'Guild Messages and Direct Messages only, none of them privileged; if a privileged intent was added, enable it in the ' +
      `developer portal (${PORTAL}) under your application → Bot → Privileged Gateway Intents, or remove it from the client options.`,
  );

/** An error for the operator when a failed login has a known cause; undefined otherwise. */
export function explainLoginFailure(error: unknown, closeCode?: number): DiscordLoginError | undefined {
  const { code, status } = (error ?? {}) as { code?: unknown; status?: unknown };
  const message = errorMessage(error);
  const refusedToken = code === 'TokenInvalid' || code === 'TokenMissing' || status === 401 || /authentication failed/iu.test(message);
  if (closeCode === GatewayCloseCodes.AuthenticationFailed || refusedToken) {
    return invalidToken();
  }
  if (closeCode === GatewayCloseCodes.DisallowedIntents || code === 'DisallowedIntents' || /disallowed intents/iu.test(message)) {
    return disallowedIntents();
  }
  if (closeCode === GatewayCloseCodes.InvalidIntents || /invalid intents/iu.test(message)) {
    return new DiscordLoginError('Discord refused the gateway intents as invalid (close code 4013); check the intents in the client options.');
  }
  if (typeof code === 'string' && NETWORK_ERRORS.has(code)) {
    return new DiscordLoginError(
      `Could not reach Discord (${message}). Check this machine's internet connection, DNS and any proxy or firewall, then start the bot again. ` +
        'Without a connection, leave DISCORD_TOKEN empty to use the terminal chat.',
    );
  }
  return undefined;
}

/** The error with every occurrence of the token masked, so it can be logged or shown. */
export function withoutToken(error: unknown, token: string): unknown {
  if (!token || !(error instanceof Error) || !`${error.message}${error.stack ?? ''}`.includes(token)) return error;
  const masked = new Error(error.message.replaceAll(token, '[token]'));
  masked.name = error.name;
  return masked;
}
