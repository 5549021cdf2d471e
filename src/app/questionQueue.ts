import PQueue from 'p-queue';

/**
 * Model work with bounded concurrency: at most `concurrency` questions are answered at once, the
 * rest wait their turn in order. Whoever asks is told when their question has to wait.
 */
export class QuestionQueue {
  private readonly queue: PQueue;

  constructor(concurrency: number) {
    if (!(Number.isInteger(concurrency) && concurrency > 0)) throw new RangeError('concurrency must be a whole number > 0');
    this.queue = new PQueue({ concurrency });
  }

  /** Runs `work` when a slot is free; `onQueued` is called at once when it cannot start right away. */
  run<T>(work: () => Promise<T>, onQueued?: () => void): Promise<T> {
    const task = this.queue.add(work);
    // p-queue starts a task synchronously when a slot is free, so anything still waiting is queued.
    if (this.queue.size > 0) onQueued?.();
    return task;
  }

  /** Questions answered or waiting right now. */
  get busy(): number {
    return this.queue.pending + this.queue.size;
  }

  /** Resolves once every queued question has been answered. */
  onIdle(): Promise<void> {
    return this.queue.onIdle();
  }
}
