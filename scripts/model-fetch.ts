import 'dotenv/config';
import { loadSettings } from '../src/config/settings.ts';
import { fetchModel } from '../src/embed/fetchModel.ts';
import { createProgress } from '../src/terminal/progress.ts';
import { parseCommandLine, runCli } from '../src/terminal/runCli.ts';

const USAGE = `usage: npm run model:fetch

Downloads EMBEDDING_MODEL into MODEL_DIR (settings in .env or the environment), for hosts that run offline.`;

runCli(async () => {
  parseCommandLine({ options: {} });
  const settings = loadSettings();
  const progress = createProgress(`Downloading ${settings.model.id}`, 'bytes');
  const folder = await fetchModel(settings.model.id, settings.model.localDir, settings.model.quantized, (p) => progress.update(p.loaded, p.total));
  progress.stop();
  process.stdout.write(`The model is in ${folder}. Copy ${settings.model.localDir} to an offline host and set MODEL_DIR there.\n`);
}, USAGE);
