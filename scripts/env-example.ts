import fs from 'node:fs/promises';
import { renderEnvExample } from '../src/config/settings.ts';

await fs.writeFile(new URL('../.env.example', import.meta.url), renderEnvExample());
process.stdout.write('Wrote .env.example from the settings table in src/config/settings.ts.\n');
