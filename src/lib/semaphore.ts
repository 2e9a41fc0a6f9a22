/**
 * At most `size` tasks at once; the others wait in line, at most `maxWaiting` of them. Past that,
 * `full()` says what to throw, so a burst is refused at once instead of piling up in memory.
 * A finished task hands its slot straight to the next in line, so a late arrival cannot overtake.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly size: number,
    private readonly maxWaiting = Infinity,
    private readonly full: () => Error = () => new Error('too many tasks waiting'),
  ) {}

  get depth(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) {
      if (this.waiting.length >= this.maxWaiting) throw this.full();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
