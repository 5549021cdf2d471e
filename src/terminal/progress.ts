import cliProgress from 'cli-progress';

export interface ProgressReporter {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * A progress bar with items per second and time left on a terminal; on anything else (CI logs,
 * pipes) a plain line at most every few seconds, so logs stay readable.
 */
export function createProgress(label: string, unit: string, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const started = performance.now();
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} ${unit} | {rate} ${unit}/s | {eta_formatted} left`, stream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started_ = false;
    return {
      update(done, total) {
        const rate = (done / Math.max((performance.now() - started) / 1000, 1e-3)).toFixed(1);
        if (!started_) {
          bar.start(total, done, { rate });
          started_ = true;
        } else {
          bar.setTotal(total);
          bar.update(done, { rate });
        }
      },
      stop() {
        if (started_) bar.stop();
      },
    };
  }
  let lastLine = 0;
  return {
    update(done, total) {
      const now = performance.now();
      if (done < total && now - lastLine < 5000) return;
      lastLine = now;
      const seconds = (now - started) / 1000;
      const rate = done / Math.max(seconds, 1e-3);
      const left = rate > 0 ? Math.round((total - done) / rate) : 0;
      stream.write(`${label}: ${done}/${total} ${unit} (${rate.toFixed(1)} ${unit}/s, ${left} s left)\n`);
    },
    stop() {},
  };
}
