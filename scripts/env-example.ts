import fs from 'node:fs/promises';
import { renderEnvExample } from '../src/config/settings.ts';
import { parseCommandLine, runCli } from '../src/terminal/runCli.ts';

const USAGE = `usage: npm run env:example

Regenerates .env.example from the settings table in src/config/settings.ts.`;

runCli(async () => {
  parseCommandLine({ options: {} });
  await fs.writeFile(new URL('../.env.example', import.meta.url), renderEnvExample());
  process.stdout.write('Wrote .env.example from the settings table in src/config/settings.ts.\n');
}, USAGE);
