import path from 'node:path';
import cliProgress from 'cli-progress';
import type { EvalProgress } from './runEval.ts';

/** process.stderr, or any stream; a bar is drawn only when it is a terminal. */
export type ProgressOutput = NodeJS.WritableStream & { isTTY?: boolean };

export interface ProgressReporter {
  update(progress: EvalProgress): void;
  stop(): void;
}

/** Plain lines are written at every this share of a phase, so a log stays short. */
const LINE_STEP = 0.25;

function phaseName(progress: EvalProgress): string {
  return progress.phase === 'indexing' ? 'embedding paragraphs' : `asking ${path.basename(progress.file)}`;
}

/**
 * Progress of an eval on a terminal: a bar per phase (cli-progress) on a TTY, otherwise a few
 * plain lines per phase. It writes to its own output (stderr in the CLI), so `--json` stays clean.
 */
export function progressReporter(output: ProgressOutput): ProgressReporter {
  let phase: string | undefined;
  let bar: cliProgress.SingleBar | undefined;
  let nextLine = 0;
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    update(progress) {
      const name = phaseName(progress);
      if (name !== phase) {
        stopBar();
        phase = name;
        nextLine = 0;
      }
      if (output.isTTY) {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { stream: output, format: `${name.padEnd(28)} [{bar}] {value}/{total} {eta_formatted}`, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(progress.total, 0);
        }
        bar.update(progress.done);
        return;
      }
      if (progress.done / progress.total >= nextLine || progress.done === progress.total) {
        output.write(`${name}: ${progress.done}/${progress.total}\n`);
        nextLine = Math.floor(progress.done / progress.total / LINE_STEP) * LINE_STEP + LINE_STEP;
      }
    },
    stop: stopBar,
  };
}
