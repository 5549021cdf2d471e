import type { App } from '../app/app.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';

export interface BotTimings {
  /** How often /reindex edits its progress message. */
  progressIntervalMs: number;
  /** How often the typing indicator is renewed while a mention is answered (Discord shows it for 10 s). */
  typingIntervalMs: number;
  /** Time limit for downloading an /add-article attachment from Discord. */
  attachmentTimeoutMs: number;
}

export const defaultBotTimings: BotTimings = { progressIntervalMs: 2_000, typingIntervalMs: 8_000, attachmentTimeoutMs: 30_000 };

/** Everything command, button and message handlers work with; built once by startBot. */
export interface BotContext {
  app: App;
  logger: Logger;
  clock: Clock;
  timings: BotTimings;
}
