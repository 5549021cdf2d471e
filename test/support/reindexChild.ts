import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { KILL_POINTS, type KillPoint } from './killPoints.ts';
import { repoRoot } from './testApp.ts';

const CHILD_SCRIPT = path.join(repoRoot, 'test/support/reindexForever.ts');
/**
 * How long, from their start, the children may take to load the model. They all start at once and
 * take a few seconds on an idle machine, up to 30 s on two cores shared with a dozen busy processes.
 */
const READY_TIMEOUT_MS = 60_000;
/** How long a child may take, once told to go, to reach its kill point (two small rounds; well under 1 s). */
const PAUSE_TIMEOUT_MS = 10_000;
/** Everything else the kill test does takes a few seconds. */
export const KILL_TEST_TIMEOUT_MS = READY_TIMEOUT_MS + KILL_POINTS.length * PAUSE_TIMEOUT_MS + 20_000;

/**
 * The reindex loop (test/support/reindexForever.ts) in a child process, read line by line. Its
 * stdout and stderr are kept, never shown, and go into the error when something fails.
 */
export class ReindexChild {
  private static readonly running = new Set<ReindexChild>();
  private readonly process: ChildProcess;
  private readonly closed: Promise<void>;
  private readonly lines: string[] = [];
  private readonly listeners = new Set<() => void>();
  private stdout = '';
  private stderr = '';
  private exit: string | undefined;
  private readonly startedAt = Date.now();

  constructor(readonly point: KillPoint, args: string[]) {
    this.process = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    ReindexChild.running.add(this);
    this.closed = new Promise((resolve) => {
      this.process.once('close', (code, signal) => {
        this.exit = signal ?? `exit ${code}`;
        this.notify();
        resolve();
      });
      this.process.once('error', (error) => {
        this.exit = `could not run: ${error.message}`;
        this.notify();
        resolve();
      });
    });
    this.process.stdin!.on('error', () => {}); // writing to a child that already died
    this.process.stderr!.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
    let partial = '';
    this.process.stdout!.setEncoding('utf8').on('data', (text: string) => {
      this.stdout += text;
      const lines = (partial + text).split('\n');
      partial = lines.pop()!;
      this.lines.push(...lines);
      this.notify();
    });
  }

  /** Kills every child still running (a test that gave up on one leaves it behind). */
  static stopAll(): Promise<void> {
    return Promise.all([...ReindexChild.running].map((child) => child.stop())).then(() => undefined);
  }

  /** Waits for a complete line `match` accepts; fails if the child stops or takes longer than `timeoutMs`. */
  private waitFor<T>(what: string, timeoutMs: number, match: (words: string[]) => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (const line of this.lines) {
          const found = match(line.split(' '));
          if (found !== undefined) return done(() => resolve(found));
        }
        if (this.exit !== undefined) done(() => reject(this.failure(`stopped (${this.exit}) before ${what}`)));
      };
      const seconds = Math.round((Date.now() - this.startedAt + timeoutMs) / 1000);
      const timer = setTimeout(() => done(() => reject(this.failure(`did not get to ${what} within ${seconds} s of its start`))), timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        settle();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** The generation each completed round published, by round. */
  generations(): Map<number, string> {
    return new Map(this.lines.filter((line) => line.startsWith('round ')).map((line) => [Number(line.split(' ')[1]), line.split(' ')[2]!]));
  }

  /** Lets the child go once it has loaded the model; returns the round it froze at its kill point in. */
  async runToKillPoint(): Promise<number> {
    await this.waitFor('loading the model', this.startedAt + READY_TIMEOUT_MS - Date.now(), ([word]) => (word === 'ready' ? true : undefined));
    this.process.stdin!.write('go\n');
    return this.waitFor(`its kill point ${this.point}`, PAUSE_TIMEOUT_MS, ([word, point, round]) =>
      word === 'paused' && point === this.point ? Number(round) : undefined,
    );
  }

  /** SIGKILLs the child unless it has exited, and waits until it is gone. */
  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
    if (this.process.pid !== undefined) await this.closed;
    ReindexChild.running.delete(this);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private failure(what: string): Error {
    return new Error(`the reindex child for ${this.point} ${what}\n--- its stdout:\n${this.stdout}\n--- its stderr:\n${this.stderr}`);
  }
}

