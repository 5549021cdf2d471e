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

describe('the question queue shared between servers', () => {
  it("gives each key its turn, so one key's burst does not wait in front of another key's single task", async () => {
    const queue = new QuestionQueue(1);
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const done: Array<Promise<void>> = [queue.run(() => gate, undefined, 'a')];
    for (let i = 1; i <= 3; i += 1) done.push(queue.run(async () => void order.push(`a${i}`), undefined, 'a'));
    done.push(queue.run(async () => void order.push('b1'), undefined, 'b'));
    done.push(queue.run(async () => void order.push('a4'), undefined, 'a'));
    done.push(queue.run(async () => void order.push('c1'), undefined, 'c'));
    release();
    await Promise.all(done);
    // 'a' had the slot, so the others go first, then 'a' again, turn by turn.
    expect(order).toEqual(['b1', 'c1', 'a1', 'a2', 'a3', 'a4']);
  });

  it('passes failures to their caller and goes on with the next task', async () => {
    const queue = new QuestionQueue(1);
    const failing = queue.run(async () => {
      throw new Error('broken');
    });
    const next = queue.run(async () => 'next');
    await expect(failing).rejects.toThrow('broken');
    await expect(next).resolves.toBe('next');
    await queue.onIdle();
    expect(queue.busy).toBe(0);
  });
});
