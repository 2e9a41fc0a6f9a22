/**
 * A small pool of worker threads for work that would otherwise hold the event loop that serves
 * the API: HTML parsing and recipe extraction (50–200 ms for a large page; scrape/extractor.ts),
 * and building a SQLite search summary on a connection of its own (recipes/search/summary-builder.ts).
 *
 * Hand-rolled rather than a library: it is ~200 lines, needs no install, and must start its
 * workers through tsx (see worker-boot.mjs), which a generic pool would need wrapping for anyway.
 *
 * - Workers start lazily, on the first task, so apps and tests that never scrape pay nothing.
 * - Fair between callers: every task carries a key (the user it runs for). Waiting tasks are
 *   queued per key and served round-robin, one task per key in turn, so a user with many
 *   queued pages delays another user by at most one task per worker, not by all of them; and
 *   with more than one worker a key may hold at most `maxRunningPerKey` of them (default: all
 *   but one), so one user's heavy pages always leave a worker for everybody else.
 * - The queue is bounded: past `maxQueue` waiting tasks in all, `run` rejects with PoolBusyError.
 * - A worker that crashes or exits is terminated and its task rejects with WorkerCrashedError;
 *   one that overruns `taskTimeoutMs` (the per-task time budget) with TaskTimedOutError. Either
 *   way the next task gets a fresh worker.
 * - Idle workers are unref()'d, so a forgotten pool never keeps a process alive; `close()`
 *   terminates them all and rejects whatever is queued or running with PoolClosedError.
 */
import { Worker, parentPort, type ResourceLimits } from 'node:worker_threads';

/** The task's own code threw inside the worker (e.g. the page broke the parser). */
export class TaskFailedError extends Error {
  override name = 'TaskFailedError';
  /** The `code` of the error the task threw, when it had a string one (e.g. a page-bounds code). */
  code?: string;
  /** That error's own message, without its name. */
  detail?: string;
}
/** The worker died or hung while running the task; it has been replaced. */
export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashedError';
}
/** The task ran past the pool's time budget; its worker was terminated and replaced. */
export class TaskTimedOutError extends WorkerCrashedError {
  override name = 'TaskTimedOutError';
  constructor(readonly budgetMs: number) {
    super(`The task took longer than ${budgetMs} ms`);
  }
}
/** Too many tasks are already waiting. */
export class PoolBusyError extends Error {
  override name = 'PoolBusyError';
}
/** The pool was closed before or while the task ran. */
export class PoolClosedError extends Error {
  override name = 'PoolClosedError';
}

export interface WorkerPoolOptions {
  /** The worker module: it calls `serveTasks(...)`. A `.ts` module is loaded through tsx. */
  entry: URL;
  /** Number of worker threads (at least 1). */
  size: number;
  /** Tasks allowed to wait for a free worker; more are refused with PoolBusyError. */
  maxQueue: number;
  /** A task running longer than this is cut off (TaskTimedOutError) and its worker replaced. */
  taskTimeoutMs: number;
  /** With more than one worker: most workers one key may occupy at once (default `size - 1`). */
  maxRunningPerKey?: number;
  /** A worker that has not loaded its module after this long is given up on (default 60 s). */
  startTimeoutMs?: number;
  /**
   * A worker left without a task this long ends, and the next task starts a new one: for pools
   * used now and then, whose idle thread (its own heap and connections) would otherwise stay.
   * Off by default.
   */
  idleTimeoutMs?: number;
  /** Told when a worker thread has ended and why (for logs, metrics and tests). */
  onWorkerExit?: (info: { threadId: number; reason: 'closed' | 'crashed' | 'timeout' | 'start-failed' | 'idle' }) => void;
  /** Heap caps per worker, so one pathological page cannot take the whole process's memory. */
  resourceLimits?: ResourceLimits;
}

export interface RunOptions {
  /** Whom the task runs for (a user id): waiting tasks are served round-robin across keys. */
  key?: string;
}

interface Task {
  key: string;
  method: string;
  args: unknown[];
  resolve(value: unknown): void;
  reject(err: Error): void;
}

interface Slot {
  /** Position in the pool's slot list. */
  index: number;
  worker: Worker;
  /** Kept apart: `worker.threadId` reads -1 once the thread has gone. */
  threadId: number;
  /** The worker has loaded its module and said so; before that, a death is a start-up failure. */
  ready: boolean;
  task: (Task & { id: number; timer: NodeJS.Timeout | undefined }) | null;
  /** Fails the start-up if the worker never reports ready. */
  startTimer: NodeJS.Timeout | undefined;
  /** Ends the worker after `idleTimeoutMs` without a task. */
  idleTimer?: NodeJS.Timeout;
}

type Reply =
  | { type: 'ready' }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: string; code?: string; message?: string };

// Loads tsx in the worker before the .ts entry: on Node 20 an `--import tsx` in a Worker's
// execArgv is not applied to the worker's own entry module (nodejs/node#47747).
const BOOT = new URL('./worker-boot.mjs', import.meta.url);

export class WorkerPool {
  private readonly slots: Array<Slot | null>;
  /** Waiting tasks per key; the Map's order is the round-robin order (a served key moves to the back). */
  private readonly queues = new Map<string, Task[]>();
  private queued = 0;
  /** Running tasks per key. */
  private readonly running = new Map<string, number>();
  private readonly maxRunningPerKey: number;
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: WorkerPoolOptions) {
    const size = Math.max(1, Math.floor(opts.size));
    this.slots = Array.from({ length: size }, () => null);
    this.maxRunningPerKey = Math.max(1, Math.min(size, Math.floor(opts.maxRunningPerKey ?? size - 1)));
  }

  /** Runs `method(...args)` in a worker; args and result must be structured-cloneable. */
  run<T>(method: string, args: unknown[], options: RunOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new PoolClosedError('The worker pool is closed'));
    return new Promise<T>((resolve, reject) => {
      const key = options.key ?? '';
      const task: Task = { key, method, args, resolve: resolve as (v: unknown) => void, reject };
      const free = this.freeSlotIndex();
      // A free worker and a key under its share can only mean nobody eligible is waiting.
      if (free >= 0 && this.runningOf(key) < this.maxRunningPerKey) this.start(free, task);
      else if (this.queued >= this.opts.maxQueue) reject(new PoolBusyError('Too many tasks are waiting for a worker'));
      else this.enqueue(task);
    });
  }

  /** Live workers, busy workers and waiting tasks (for tests and metrics). */
  stats(): { workers: number; busy: number; queued: number; threadIds: number[] } {
    const live = this.slots.filter((s): s is Slot => s !== null);
    return { workers: live.length, busy: live.filter((s) => s.task).length, queued: this.queued, threadIds: live.map((s) => s.threadId) };
  }

  private runningOf(key: string): number {
    return this.running.get(key) ?? 0;
  }

  private enqueue(task: Task): void {
    const q = this.queues.get(task.key);
    if (q) q.push(task);
    else this.queues.set(task.key, [task]);
    this.queued++;
  }

  /** All waiting tasks, removed from the queues (for close and start-up failure). */
  private takeAllQueued(): Task[] {
    const all = [...this.queues.values()].flat();
    this.queues.clear();
    this.queued = 0;
    return all;
  }

  /** The next task in round-robin order among keys that are under their share of workers. */
  private nextFair(): Task | undefined {
    for (const [key, q] of this.queues) {
      if (this.runningOf(key) >= this.maxRunningPerKey) continue;
      const task = q.shift()!;
      this.queues.delete(key);
      if (q.length > 0) this.queues.set(key, q); // to the back of the rotation
      this.queued--;
      return task;
    }
    return undefined;
  }

  /** Clears the slot's task and its key's running count; returns the task. */
  private finish(slot: Slot): (Task & { id: number; timer: NodeJS.Timeout | undefined }) | null {
    const task = slot.task;
    if (!task) return null;
    clearTimeout(task.timer);
    slot.task = null;
    const n = this.runningOf(task.key) - 1;
    if (n > 0) this.running.set(task.key, n);
    else this.running.delete(task.key);
    return task;
  }

  /** Terminates every worker; queued and running tasks reject with PoolClosedError. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new PoolClosedError('The worker pool is closed');
    for (const t of this.takeAllQueued()) t.reject(err);
    const terminating: Promise<unknown>[] = [];
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (!slot) continue;
      this.slots[i] = null;
      clearTimeout(slot.startTimer);
      clearTimeout(slot.idleTimer);
      this.finish(slot)?.reject(err);
      slot.worker.removeAllListeners();
      slot.worker.on('error', () => {}); // a late error during termination must not crash the process
      const { threadId } = slot;
      terminating.push(slot.worker.terminate().then(() => this.opts.onWorkerExit?.({ threadId, reason: 'closed' })));
    }
    await Promise.allSettled(terminating);
  }

  private freeSlotIndex(): number {
    const idle = this.slots.findIndex((s) => s !== null && s.task === null);
    return idle >= 0 ? idle : this.slots.indexOf(null);
  }

  private spawn(index: number): Slot {
    const entry = this.opts.entry.href;
    const worker = new Worker(BOOT, {
      workerData: { entry, tsx: entry.endsWith('.ts') },
      resourceLimits: this.opts.resourceLimits,
      // Nothing from the parent's command line (e.g. --test, --inspect) belongs in a worker.
      execArgv: [],
    });
    const slot: Slot = { index, worker, threadId: worker.threadId, ready: false, task: null, startTimer: undefined };
    slot.startTimer = setTimeout(
      () => this.retire(slot, new Error('The worker did not start in time'), 'start-failed'),
      this.opts.startTimeoutMs ?? 60_000,
    );
    slot.startTimer.unref();
    worker.on('message', (msg: Reply) => this.onMessage(slot, msg));
    worker.on('error', (err) => this.onDeath(slot, err));
    worker.on('exit', (code) => this.onDeath(slot, new Error(`worker exited with code ${code}`)));
    this.slots[index] = slot;
    return slot;
  }

  private start(index: number, task: Task): void {
    const slot = this.slots[index] ?? this.spawn(index);
    clearTimeout(slot.idleTimer);
    const id = this.nextId++;
    slot.task = { ...task, id, timer: undefined };
    this.running.set(task.key, this.runningOf(task.key) + 1);
    // The time limit covers the task, not the worker's start-up (loading tsx and cheerio can
    // take a while on a busy machine); a fresh worker arms it when it reports ready.
    if (slot.ready) this.armTimer(slot);
    // Busy: keep the process alive until the answer comes back. Idle: let it exit.
    slot.worker.ref();
    slot.worker.postMessage({ id, method: task.method, args: task.args });
  }

  private armTimer(slot: Slot): void {
    if (!slot.task) return;
    slot.task.timer = setTimeout(() => {
      this.retire(slot, new TaskTimedOutError(this.opts.taskTimeoutMs), 'timeout');
    }, this.opts.taskTimeoutMs);
  }

  private onMessage(slot: Slot, msg: Reply): void {
    if (msg.type === 'ready') {
      slot.ready = true;
      clearTimeout(slot.startTimer);
      this.armTimer(slot);
      return;
    }
    if (!slot.task || slot.task.id !== msg.id) return;
    const task = this.finish(slot)!;
    slot.worker.unref();
    if (msg.ok) task.resolve(msg.value);
    else {
      const err = new TaskFailedError(msg.error);
      if (msg.code !== undefined) err.code = msg.code;
      if (msg.message !== undefined) err.detail = msg.message;
      task.reject(err);
    }
    this.drain();
    if (!slot.task && this.opts.idleTimeoutMs !== undefined) {
      slot.idleTimer = setTimeout(() => this.endIdle(slot), this.opts.idleTimeoutMs);
      slot.idleTimer.unref();
    }
  }

  private endIdle(slot: Slot): void {
    if (this.slots[slot.index] !== slot || slot.task) return;
    this.slots[slot.index] = null;
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    const { threadId } = slot;
    void slot.worker.terminate().then(() => this.opts.onWorkerExit?.({ threadId, reason: 'idle' }));
  }

  /** The worker crashed or exited by itself: fail its task and let the next task start a new one. */
  private onDeath(slot: Slot, cause: Error): void {
    const err = slot.ready
      ? new WorkerCrashedError(`The worker crashed: ${cause.message}`, { cause })
      : // Never came up (bad entry, loader failure): a fault of ours, not of the page.
        new Error(`The worker could not start: ${cause.message}`, { cause });
    this.retire(slot, err, slot.ready ? 'crashed' : 'start-failed');
  }

  private retire(slot: Slot, err: Error, reason: 'crashed' | 'timeout' | 'start-failed'): void {
    if (this.slots[slot.index] !== slot) return; // already retired
    this.slots[slot.index] = null;
    clearTimeout(slot.startTimer);
    clearTimeout(slot.idleTimer);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    const { threadId } = slot;
    // terminate() also stops a worker stuck in a loop; a dead one resolves at once.
    void slot.worker.terminate().then(() => this.opts.onWorkerExit?.({ threadId, reason }));
    this.finish(slot)?.reject(err);
    // A worker that cannot start would fail every queued task the same way; fail them now
    // rather than spawning one doomed worker per task.
    if (reason === 'start-failed') {
      for (const t of this.takeAllQueued()) t.reject(err);
      return;
    }
    this.drain();
  }

  private drain(): void {
    while (!this.closed && this.queued > 0) {
      const free = this.freeSlotIndex();
      if (free < 0) return;
      const task = this.nextFair();
      if (!task) return; // everyone waiting already holds their share of workers
      this.start(free, task);
    }
  }
}

/**
 * The worker side: answers `{id, method, args}` messages by calling `handlers[method]`. A
 * handler that throws is reported back as a failed task; the worker carries on.
 */
export function serveTasks(handlers: Record<string, (...args: never[]) => unknown>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks() must run in a worker thread');
  port.on('message', async (msg: { id: number; method: string; args: unknown[] }) => {
    try {
      const handler = Object.hasOwn(handlers, msg.method) ? handlers[msg.method] : undefined;
      if (!handler) throw new Error(`Unknown task ${msg.method}`);
      const value = await (handler as (...args: unknown[]) => unknown)(...msg.args);
      port.postMessage({ type: 'result', id: msg.id, ok: true, value });
    } catch (err) {
      const errCode = (err as { code?: unknown } | null)?.code;
      const code = typeof errCode === 'string' ? errCode : undefined;
      port.postMessage({
        type: 'result',
        id: msg.id,
        ok: false,
        error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
        code,
        message: err instanceof Error ? err.message : undefined,
      });
    }
  });
  port.postMessage({ type: 'ready' });
}
