import cliProgress from 'cli-progress';

const SAVE_CURSOR = '\u001b7';

export interface ProgressReporter {
  update(done: number, total: number): void;
  /** Draws the bar again on the cursor's line, after something else cleared it (a log line). */
  redraw(): void;
  stop(): void;
}

/**
 * A progress bar with items per second and time left on a terminal; on anything else (CI logs,
 * pipes) a plain line at most every few seconds, so logs stay readable.
 */
export function createProgress(label: string, unit: string, stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr): ProgressReporter {
  const started = performance.now();
  const rate = (done: number) => (done / Math.max((performance.now() - started) / 1000, 1e-3)).toFixed(1);
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} ${unit} | {rate} ${unit}/s | {eta_formatted} left`,
        stream,
        hideCursor: true,
        // A redraw after a log line must draw even when the figures have not changed.
        forceRedraw: true,
        // The bar is cut to the terminal's width instead of turning the terminal's wrapping off, which would cut log lines too.
        linewrap: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let running = false;
    return {
      update(done, total) {
        if (!running) {
          bar.start(total, done, { rate: rate(done) });
          running = true;
        } else {
          bar.setTotal(total);
          bar.update(done, { rate: rate(done) });
        }
      },
      redraw() {
        if (!running) return;
        // stop() returns the cursor to where it was saved when the bar started; the bar now starts here.
        stream.write(SAVE_CURSOR);
        bar.render();
      },
      stop() {
        if (running) bar.stop();
        running = false;
      },
    };
  }
  let lastLine = 0;
  return {
    update(done, total) {
      const now = performance.now();
      if (done < total && now - lastLine < 5000) return;
      lastLine = now;
      const perSecond = done / Math.max((now - started) / 1000, 1e-3);
      const left = perSecond > 0 ? Math.round((total - done) / perSecond) : 0;
      stream.write(`${label}: ${done}/${total} ${unit} (${perSecond.toFixed(1)} ${unit}/s, ${left} s left)\n`);
    },
    redraw() {},
    stop() {},
  };
}
