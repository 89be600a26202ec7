/**
 * Runs tasks one at a time per key, in arrival order, and different keys in parallel. An idle key
 * holds no memory: its entry is removed when its last task settles.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting (for tests of the bounded-memory claim). */
  get size(): number {
    return this.tails.size;
  }
}
