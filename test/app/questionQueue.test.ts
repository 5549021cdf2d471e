import { describe, expect, it } from 'vitest';
import { QuestionQueue } from '../../src/app/questionQueue.ts';

describe('the question queue', () => {
  it('runs at most `concurrency` questions at once and tells the ones that wait', async () => {
    const queue = new QuestionQueue(1);
    const queued: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = queue.run(async () => {
      await gate;
      return 'first';
    }, () => queued.push('first'));
    const second = queue.run(async () => 'second', () => queued.push('second'));
    expect(queued).toEqual(['second']);
    expect(queue.busy).toBe(2);
    release();
    expect(await Promise.all([first, second])).toEqual(['first', 'second']);
    await queue.onIdle();
    expect(queue.busy).toBe(0);
  });

  it('refuses a concurrency that is not a whole number above zero', () => {
    expect(() => new QuestionQueue(0)).toThrow('concurrency must be a whole number > 0');
  });
});
