import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { isAdmin } from '../../../src/discord/guards/admin.ts';
import { isAllowedChannel } from '../../../src/discord/guards/channels.ts';

const settings = { adminRoleIds: ['300000000000000001'], adminUserIds: ['200000000000000001'], ownerUserIds: ['200000000000000007'] };
const member = (permissions: bigint, roleIds: string[] = [], userId = '200000000000000009') => ({ userId, permissions: new PermissionsBitField(permissions), roleIds });

describe('who may run admin commands', () => {
  it('is anyone with Manage Server, a listed role or a listed user', () => {
    expect(isAdmin(member(PermissionFlagsBits.ManageGuild), settings)).toBe(true);
    expect(isAdmin(member(PermissionFlagsBits.SendMessages, ['300000000000000001']), settings)).toBe(true);
    expect(isAdmin(member(PermissionFlagsBits.SendMessages, [], '200000000000000001'), settings)).toBe(true);
    expect(isAdmin({ userId: '200000000000000001', permissions: null, roleIds: [] }, settings)).toBe(true);
  });

  it("is also the bot's operators, in any server", () => {
    expect(isAdmin(member(PermissionFlagsBits.SendMessages, [], '200000000000000007'), settings)).toBe(true);
  });

  it('is nobody else', () => {
    expect(isAdmin(member(PermissionFlagsBits.SendMessages | PermissionFlagsBits.ManageMessages, ['300000000000000002']), settings)).toBe(false);
    expect(isAdmin({ userId: '200000000000000009', permissions: null, roleIds: [] }, settings)).toBe(false);
    expect(isAdmin(member(PermissionFlagsBits.ManageGuild), { adminRoleIds: [], adminUserIds: [], ownerUserIds: [] })).toBe(true);
  });
});

describe('where questions are answered', () => {
  it('is everywhere without ALLOWED_CHANNEL_IDS, else in those channels, their threads and DMs', () => {
    const place = (channelId: string, parentId: string | null = null, isDm = false) => ({ channelId, parentId, isDm });
    expect(isAllowedChannel(place('1'), [])).toBe(true);
    expect(isAllowedChannel(place('1'), ['1'])).toBe(true);
    expect(isAllowedChannel(place('7', '1'), ['1'])).toBe(true);
    expect(isAllowedChannel(place('2'), ['1'])).toBe(false);
    expect(isAllowedChannel(place('9', null, true), ['1'])).toBe(true);
  });
});
