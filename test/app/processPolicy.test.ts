import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/testApp.ts';

async function run(failures: number, limit: number): Promise<{ code: number | null; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/support/processPolicyChild.ts'), String(failures), String(limit)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (data: Buffer) => (out += data.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, lines: out.split('\n').filter(Boolean) };
}

describe('the process policy for errors no handler caught', () => {
  it('logs an unhandled rejection and an uncaught exception, and keeps the process serving', async () => {
    const { code, lines } = await run(2, 20);
    expect(lines).toEqual([
      'error: unhandled rejection (a bug): logged, the bot keeps running',
      'error: uncaught exception (a bug): logged, the bot keeps running',
      'still serving',
    ]);
    expect(code).toBe(0);
  }, 20_000);

  it('ends a process caught in a storm of them, saying why, with exit code 70', async () => {
    const { code, lines } = await run(4, 2);
    expect(lines).toContain('error: 3 uncaught errors within a minute: the process is in a broken state and exits (exit code 70)');
    expect(lines).not.toContain('still serving');
    expect(code).toBe(70);
  }, 20_000);
});
