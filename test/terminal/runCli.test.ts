import { describe, expect, it } from 'vitest';
import { UsageError, asksForHelp, parseCommandLine } from '../../src/terminal/runCli.ts';

const options = { json: { type: 'boolean' }, days: { type: 'string' } } as const;

describe('the command line', () => {
  it('parses the options a script declares', () => {
    expect(parseCommandLine({ args: ['--json', '--days', '7'], options }).values).toEqual({ json: true, days: '7' });
  });

  it('refuses an unknown option as a usage error naming it', () => {
    expect(() => parseCommandLine({ args: ['--bogus'], options })).toThrow(UsageError);
    expect(() => parseCommandLine({ args: ['--bogus'], options })).toThrow("Unknown option '--bogus'");
  });

  it('refuses an option without its value as a usage error', () => {
    expect(() => parseCommandLine({ args: ['--days'], options })).toThrow(new UsageError("Option '--days <value>' argument missing"));
  });

  it('refuses an argument a script does not take as a usage error', () => {
    expect(() => parseCommandLine({ args: ['extra'], options })).toThrow(UsageError);
  });

  it('asks for help with --help or -h, but not after --', () => {
    expect(asksForHelp(['--json', '--help'])).toBe(true);
    expect(asksForHelp(['-h'])).toBe(true);
    expect(asksForHelp(['--', '--help'])).toBe(false);
    expect(asksForHelp(['what is --helpful?'])).toBe(false);
  });
});
