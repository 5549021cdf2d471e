// Child process for the process-policy test: installs the policy, then fails in the ways an event handler can.
import { keepProcessAlive } from '../../src/app/processPolicy.ts';
import { systemClock } from '../../src/util/clock.ts';

const [failures, limit] = process.argv.slice(2).map(Number) as [number, number];
const line = (text: string) => process.stdout.write(`${text}\n`);
const logger = { debug() {}, info() {}, warn() {}, error: (_obj: object | string, msg?: string) => line(`error: ${msg}`) };
keepProcessAlive({ logger, clock: systemClock, maxErrorsPerMinute: limit });

for (let i = 0; i < failures; i += 1) {
  if (i % 2 === 0) void Promise.reject(new Error(`rejected ${i}`));
  else setTimeout(() => {
    throw new Error(`thrown ${i}`);
  });
}
setTimeout(() => line('still serving'), 100);
