import { ApplicationCommandOptionType as Option } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strings } from '../../src/answer/strings.ts';
import { startBot, type RunningBot } from '../../src/discord/startBot.ts';
import { startDiscordStandIn, type DiscordStandIn, type RecordedRequest, type SentInteraction } from '../support/discord/index.ts';
import { createTestApp, seedArticle, type TestApp } from '../support/testApp.ts';

const QUESTION = 'كم عدد الجنود الكوريين في كورسك؟';
const BURST = 50;

describe('questions of many servers sharing the bot', () => {
  let standIn: DiscordStandIn;
  let testApp: TestApp;
  let bot: RunningBot;

  beforeAll(async () => {
    standIn = await startDiscordStandIn({ guilds: [{ name: 'A' }, { name: 'B' }] });
    testApp = await createTestApp({ articles: [seedArticle], settings: { MAX_CONCURRENT_QUESTIONS: '1', RATE_LIMIT_QUESTIONS: '100' } });
    bot = await startBot(testApp.app, { token: 'test-token', logger: testApp.app.logger, clientOptions: standIn.clientOptions() });
  });

  afterAll(async () => {
    await bot?.stop();
    await standIn?.close();
    await testApp?.cleanup();
  });

  it("answers one question in B right after the one being answered, however many A's burst left waiting", async () => {
    const index = testApp.app.sharedIndex;
    const use = index.use.bind(index);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The first question keeps the one slot until every other question is waiting.
    index.use = async (work) => {
      await gate;
      return use(work);
    };
    const queuedNote = (sent: SentInteraction) => (r: RecordedRequest) => r.params.token === sent.token && (r.body?.content ?? '').includes(strings.ar.queued);
    const answered = (sent: SentInteraction) => (r: RecordedRequest) => r.params.token === sent.token && (r.body?.embeds?.length ?? 0) > 0;
    try {
      const burst: SentInteraction[] = [];
      for (let i = 0; i < BURST; i += 1) {
        burst.push(await standIn.slashCommand('ask', [{ name: 'question', type: Option.String, value: QUESTION }], { guild: 'A', user: { id: `180000000000000${String(i).padStart(4, '0')}` } }));
      }
      const single = await standIn.slashCommand('ask', [{ name: 'question', type: Option.String, value: QUESTION }], { guild: 'B', user: { id: '18100000000000000' } });
      await Promise.all([...burst.slice(1), single].map((sent) => standIn.waitForRequest(queuedNote(sent), 10_000)));
      release();
      const answers = await Promise.all([...burst, single].map((sent) => standIn.waitForRequest(answered(sent), 20_000)));
      const order = answers.map((answer) => standIn.requests.indexOf(answer));
      const singleAt = order.at(-1)!;
      // Only the question that held the slot was answered before B's.
      expect(order.slice(0, -1).filter((at) => at < singleAt)).toHaveLength(1);
    } finally {
      index.use = use;
      release();
    }
  }, 60_000);
});
