import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/testApp.ts';

const scriptsDir = path.join(repoRoot, 'scripts');
const scripts = (await fs.readdir(scriptsDir)).filter((file) => file.endsWith('.ts')).sort();

describe('every script', () => {
  it.each(scripts)('%s reads its arguments with parseCommandLine, so an unknown option is a usage error', async (file) => {
    const source = await fs.readFile(path.join(scriptsDir, file), 'utf8');
    expect(source).toContain('parseCommandLine(');
    expect(source).not.toMatch(/\bparseArgs\(/u);
  });

  it.each(scripts)('%s runs through runCli with its usage text', async (file) => {
    const source = await fs.readFile(path.join(scriptsDir, file), 'utf8');
    expect(source).toMatch(/const USAGE = `usage: npm (start|run [\w:-]+)\b/u);
    expect(source).toMatch(/\brunCli\((main|async \(\) => \{[\s\S]*\}), USAGE\);\n$/u);
  });
});
