import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommands } from '../../src/discord/deployCommands.ts';
import { DiscordLoginError } from '../../src/discord/loginError.ts';
import { startDiscordStandIn, type DiscordStandIn } from '../support/discord/index.ts';

describe('deploying the slash commands', () => {
  let standIn: DiscordStandIn;

  beforeAll(async () => {
    standIn = await startDiscordStandIn({ token: 'deploy-token' });
  });
  afterAll(async () => {
    await standIn.close();
  });

  it('registers them in one server, with the application id found from the token', async () => {
    const deployed = await deployCommands({ token: 'deploy-token', guildId: standIn.guildId, rest: standIn.clientOptions().rest });
    expect(deployed).toMatchObject({ applicationId: standIn.applicationId, scope: 'guild', guildId: standIn.guildId });
    expect(deployed.commands).toContain('ask');
    const put = standIn.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${standIn.applicationId}/guilds/${standIn.guildId}/commands`);
  });

  it('registers them globally without a server', async () => {
    const deployed = await deployCommands({ token: 'deploy-token', rest: standIn.clientOptions().rest });
    expect(deployed.scope).toBe('global');
    expect(standIn.requests.at(-1)!.path).toBe(`/applications/${standIn.applicationId}/commands`);
  });

  it('explains a refused token without showing it', async () => {
    const failure = await deployCommands({ token: 'not-the-deploy-token', rest: standIn.clientOptions().rest }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DiscordLoginError);
    expect((failure as Error).message).not.toContain('not-the-deploy-token');
  });
});
