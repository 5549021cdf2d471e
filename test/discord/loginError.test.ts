import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src/errors.ts';
import { DiscordLoginError, explainLoginFailure, withoutToken } from '../../src/discord/loginError.ts';

describe('login failures', () => {
  it('explains a refused token (discord.js TokenInvalid, HTTP 401, gateway close 4004) with what to do', () => {
    for (const failure of [explainLoginFailure(Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' })), explainLoginFailure(Object.assign(new Error('401: Unauthorized'), { status: 401 })), explainLoginFailure(new Error('x'), 4004), explainLoginFailure(new Error('Authentication failed'))]) {
      expect(failure).toBeInstanceOf(DiscordLoginError);
      expect(failure).toBeInstanceOf(UserFacingError);
      expect(failure!.message).toContain('Bot → Reset Token');
      expect(failure!.message).toContain('DISCORD_TOKEN');
    }
  });

  it('explains disallowed intents (close code 4014) with where to enable them', () => {
    for (const failure of [explainLoginFailure(new Error('Used disallowed intents')), explainLoginFailure(new Error('closed'), 4014), explainLoginFailure(Object.assign(new Error('Privileged intent provided is not enabled or whitelisted.'), { code: 'DisallowedIntents' }))]) {
      expect(failure).toBeInstanceOf(DiscordLoginError);
      expect(failure!.message).toContain('Privileged Gateway Intents');
      expect(failure!.message).toContain('4014');
    }
  });

  it('leaves other failures alone', () => {
    expect(explainLoginFailure(new Error('ECONNREFUSED'))).toBeUndefined();
  });

  it('masks the token wherever an error would show it', () => {
    const token = 'MTEw.secret.token';
    const masked = withoutToken(new Error(`login with ${token} failed`), token) as Error;
    expect(masked.message).toBe('login with [token] failed');
    const clean = new Error('nothing to hide');
    expect(withoutToken(clean, token)).toBe(clean);
  });
});

describe('a network failure at login', () => {
  it('says Discord could not be reached and what to check, instead of a stack trace', () => {
    const failure = explainLoginFailure(Object.assign(new Error('getaddrinfo ENOTFOUND discord.com'), { code: 'ENOTFOUND' }));
    expect(failure).toBeInstanceOf(DiscordLoginError);
    expect(failure!.message).toBe(
      "Could not reach Discord (getaddrinfo ENOTFOUND discord.com). Check this machine's internet connection, DNS and any proxy or firewall, " +
        'then start the bot again. Without a connection, leave DISCORD_TOKEN empty to use the terminal chat.',
    );
  });
});
