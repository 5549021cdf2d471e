import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { buildCommandDefinitions, commandModules, loadCommands } from '../../src/discord/commands/index.ts';

describe('the slash commands', () => {
  const definitions = buildCommandDefinitions();
  const byName = new Map(definitions.map((definition) => [definition.name, definition]));

  it('are ask, articles and the four admin commands', () => {
    expect([...byName.keys()].sort()).toEqual(['add-article', 'articles', 'ask', 'feedback', 'reindex', 'remove-article']);
  });

  it('register the admin commands for Manage Server only', () => {
    for (const name of ['add-article', 'remove-article', 'reindex', 'feedback']) {
      expect(byName.get(name)!.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    }
    expect(byName.get('ask')!.default_member_permissions).toBeUndefined();
  });

  it('take the options the handlers read', () => {
    expect(byName.get('ask')!.options).toMatchObject([
      { name: 'question', type: ApplicationCommandOptionType.String, required: true },
      { name: 'private', type: ApplicationCommandOptionType.Boolean },
    ]);
    expect(byName.get('add-article')!.options!.map((option) => [option.name, option.type])).toEqual([
      ['file', ApplicationCommandOptionType.Attachment],
      ['url', ApplicationCommandOptionType.String],
      ['library', ApplicationCommandOptionType.String],
    ]);
    const library = { name: 'library', type: ApplicationCommandOptionType.String, choices: [{ value: 'server' }, { value: 'shared' }] };
    expect(byName.get('remove-article')!.options).toMatchObject([{ name: 'id', autocomplete: true, required: true }, library]);
    expect(byName.get('feedback')!.options).toMatchObject([{ name: 'days', type: ApplicationCommandOptionType.Integer, min_value: 1 }, library]);
    expect(byName.get('reindex')!.options).toMatchObject([{ name: 'full' }, library]);
    for (const definition of definitions) expect(definition.description.length).toBeLessThanOrEqual(100);
  });

  it('skips a malformed module or a repeated name with a warning', () => {
    const warnings: unknown[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (obj: unknown) => warnings.push(obj) };
    const loaded = loadCommands([...commandModules, { data: { name: 'broken' } }, commandModules[0]], logger);
    expect(loaded.size).toBe(commandModules.length);
    expect(warnings).toEqual([{ index: commandModules.length }, { command: 'ask' }]);
  });
});
