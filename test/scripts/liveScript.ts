import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { ApplicationCommandOptionType } from 'discord.js';
import type { DiscordStandIn, InteractionContext } from '../support/discord/index.ts';
import { repoRoot } from '../support/testApp.ts';

/** A script that keeps running (the bot), watched while it runs: its output so far, its IPC messages, its exit. */
export interface LiveScript {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** What the script sent over its IPC channel, in order. */
  readonly messages: unknown[];
  /** Resolves with stderr once it matches `pattern`; rejects when the script ends first or after `timeoutMs`. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The exit code (null when a signal ended it), once its output is complete. */
  readonly exited: Promise<number | null>;
  /** Sends SIGKILL if it is still running: for afterAll, whatever a test left behind. */
  kill(): void;
}

/**
 * Runs scripts/<name>.ts as `npm run` does (Node with the tsx loader), with stdin closed and an IPC channel,
 * as discord.js's ShardingManager forks a shard (a script that is not a shard ignores the channel).
 */
export function startScript(name: string, args: string[], env: Record<string, string>): LiveScript {
  const child = fork(path.join(repoRoot, 'scripts', `${name}.ts`), args, {
    cwd: repoRoot,
    env,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stdout = '';
  let stderr = '';
  const messages: unknown[] = [];
  child.stdout!.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
  child.on('message', (message) => messages.push(message));
  // Its exit and the end of its output, not 'close': Node never emits 'close' for a child whose IPC
  // channel the parent disconnected (as a shard's manager going away does).
  const exited = Promise.all([once(child, 'exit'), once(child.stdout!, 'close'), once(child.stderr!, 'close')]).then(([[code]]) => code as number | null);
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    messages,
    exited,
    waitForStderr(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stderr)) return;
          done();
          resolve(stderr);
        };
        const ended = () => {
          done();
          reject(new Error(`scripts/${name}.ts ended (code ${child.exitCode}) before its stderr matched ${pattern}:\n${stderr}`));
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`scripts/${name}.ts: stderr did not match ${pattern} within ${timeoutMs} ms:\n${stderr}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          child.stderr!.off('data', check);
          child.stderr!.off('close', ended);
        };
        child.stderr!.on('data', check);
        child.stderr!.once('close', ended);
        check();
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

// Arabic, so that its keywords alone find the passage, whatever the test model's similarities.
const KURSK_QUESTION = 'كم عدد الجنود الكوريين في كورسك؟';

/** Asks the Kursk question with /ask where `ctx` says, and gives the answer's embeds (as JSON) once the bot has edited its reply. */
export async function askKursk(standIn: DiscordStandIn, ctx: InteractionContext, timeoutMs = 20_000): Promise<string> {
  const sent = await standIn.slashCommand('ask', [{ name: 'question', type: ApplicationCommandOptionType.String, value: KURSK_QUESTION }], ctx);
  await standIn.waitForRequest((r) => r.params.token === sent.token && r.method === 'PATCH' && (r.body?.embeds?.length ?? 0) > 0, timeoutMs);
  return JSON.stringify(standIn.originalResponse(sent)?.embeds);
}
