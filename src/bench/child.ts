import { fork } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./probe.ts', import.meta.url));

/** A job for the probe process; `type` picks the handler in probe.ts. */
export interface ProbeJob {
  type: string;
}

export type ProbeReply<T> = { ok: true; result: T; spawnedAt: number } | { ok: false; message: string; stack?: string };

export interface ChildOutcome<T> {
  result: T;
  /** Milliseconds from spawning the process to its answer. */
  wallMs: number;
  /** Milliseconds from spawning to the moment the probe reported `readyAt` (if it did). */
  readyMs: number | undefined;
}

/**
 * Runs one job in a fresh Node process (tsx loader, as the bot runs), so memory and start-up are
 * measured in isolation and long builds can use the second core.
 */
export function runInChild<T>(job: ProbeJob, options: { timeoutMs?: number; execArgv?: string[] } = {}): Promise<ChildOutcome<T>> {
  return new Promise((resolve, reject) => {
    const spawnedAt = performance.timeOrigin + performance.now();
    const child = fork(entry, {
      execArgv: options.execArgv ?? ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => {
      stderr = (stderr + data.toString('utf8')).slice(-4000);
    });
    let reply: (ProbeReply<T> & { readyAt?: number }) | undefined;
    const timer = options.timeoutMs
      ? setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`bench probe "${job.type}" took longer than ${options.timeoutMs} ms`));
        }, options.timeoutMs)
      : undefined;
    child.on('message', (message: ProbeReply<T> & { readyAt?: number }) => {
      reply = message;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.timeOrigin + performance.now() - spawnedAt;
      if (reply?.ok) {
        resolve({ result: reply.result, wallMs, readyMs: reply.readyAt === undefined ? undefined : reply.readyAt - spawnedAt });
      } else if (reply) {
        const error = new Error(`bench probe "${job.type}" failed: ${reply.message}`);
        if (reply.stack) error.stack = reply.stack;
        reject(error);
      } else {
        reject(new Error(`bench probe "${job.type}" exited (${signal ?? `code ${code}`}) without a result: ${stderr.trim()}`));
      }
    });
    child.send(job);
  });
}

/** Peak and current resident memory of this process, from /proc/self/status (Linux), in bytes. */
export function residentMemory(): { peak: number; current: number } | undefined {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'mu').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { peak: field('VmHWM'), current: field('VmRSS') };
  } catch {
    return undefined;
  }
}
