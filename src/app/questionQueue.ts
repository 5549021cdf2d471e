interface Task {
  start: () => void;
}

/**
 * Work with bounded concurrency, shared fairly: at most `concurrency` tasks run at once, and when a
 * slot frees the next task comes from the next key in turn (round robin over the keys that have
 * tasks waiting), so one server's burst of questions waits behind itself, not in front of another
 * server's single question. Whoever asks is told when their task has to wait.
 */
export class QuestionQueue {
  private readonly waiting = new Map<string, Task[]>();
  /** Keys with waiting tasks, in the order they get their next turn. */
  private readonly turns: string[] = [];
  private running = 0;
  /** The key of the task started last: the next turn goes to another key first. */
  private lastKey: string | undefined;
  private idle: Array<() => void> = [];

  constructor(private readonly concurrency: number) {
    if (!(Number.isInteger(concurrency) && concurrency > 0)) throw new RangeError('concurrency must be a whole number > 0');
  }

  /** Runs `work` when a slot is free and it is `key`'s turn; `onQueued` is called at once when it cannot start right away. */
  run<T>(work: () => Promise<T>, onQueued?: () => void, key = ''): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const task: Task = {
        start: () => {
          this.running += 1;
          this.lastKey = key;
          work()
            .then(resolve, reject)
            .finally(() => {
              this.running -= 1;
              this.next();
            });
        },
      };
      if (this.running < this.concurrency && this.turns.length === 0) {
        task.start();
        return;
      }
      const tasks = this.waiting.get(key);
      if (tasks) tasks.push(task);
      else {
        this.waiting.set(key, [task]);
        this.turns.push(key);
      }
      onQueued?.();
    });
  }

  /** Tasks running or waiting right now. */
  get busy(): number {
    let waiting = 0;
    for (const tasks of this.waiting.values()) waiting += tasks.length;
    return this.running + waiting;
  }

  /** Resolves once every task has finished. */
  onIdle(): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private next(): void {
    while (this.running < this.concurrency && this.turns.length > 0) {
      // The key that just had a turn waits behind the others.
      if (this.turns.length > 1 && this.turns[0] === this.lastKey) this.turns.push(this.turns.shift()!);
      const key = this.turns.shift()!;
      const tasks = this.waiting.get(key)!;
      const task = tasks.shift()!;
      if (tasks.length > 0) this.turns.push(key);
      else this.waiting.delete(key);
      task.start();
    }
    if (this.busy === 0) {
      const resolved = this.idle;
      this.idle = [];
      for (const resolve of resolved) resolve();
    }
  }
}
