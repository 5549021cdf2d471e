// Child-process entry of the benchmark: runs one job (a build, a measurement in a clean process)
// and sends the result back over IPC.
import { errorMessage } from '../errors.ts';
import type { ProbeJob } from './child.ts';
import { runJob } from './jobs.ts';

process.once('message', (job: ProbeJob) => {
  void (async () => {
    let reply: object;
    try {
      const result = await runJob(job);
      const readyAt = (result as { readyAt?: number } | undefined)?.readyAt;
      reply = { ok: true, result, ...(readyAt !== undefined && { readyAt }) };
    } catch (error) {
      reply = { ok: false, message: errorMessage(error), stack: error instanceof Error ? error.stack : undefined };
    }
    process.send!(reply, () => process.exit(0));
  })();
});
