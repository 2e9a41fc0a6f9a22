/**
 * A small pool of worker threads for CPU-bound work (HTML parsing and recipe extraction), so
 * that 50–200 ms of parsing a large page never runs on the event loop that serves the API.
 *
 * Hand-rolled rather than a library: it is ~200 lines, needs no install, and must start its
 * workers through tsx (see worker-boot.mjs), which a generic pool would need wrapping for anyway.
 *
 * - Workers start lazily, on the first task, so apps and tests that never scrape pay nothing.
 * - The queue is bounded: past `maxQueue` waiting tasks, `run` rejects with PoolBusyError.
 * - A worker that crashes, exits or overruns `taskTimeoutMs` is terminated; its task rejects
 *   with WorkerCrashedError and the next task gets a fresh worker.
 * - Idle workers are unref()'d, so a forgotten pool never keeps a process alive; `close()`
 *   terminates them all and rejects whatever is queued or running with PoolClosedError.
 */
import { Worker, parentPort, type ResourceLimits } from 'node:worker_threads';

/** The task's own code threw inside the worker (e.g. the page broke the parser). */
export class TaskFailedError extends Error {
  override name = 'TaskFailedError';
}
/** The worker died or hung while running the task; it has been replaced. */
export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashedError';
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
  /** A task running longer than this is treated as a hung worker. */
  taskTimeoutMs: number;
  /** A worker that has not loaded its module after this long is given up on (default 60 s). */
  startTimeoutMs?: number;
  /** Told when a worker thread has ended and why (for logs, metrics and tests). */
  onWorkerExit?: (info: { threadId: number; reason: 'closed' | 'crashed' | 'timeout' | 'start-failed' }) => void;
  /** Heap caps per worker, so one pathological page cannot take the whole process's memory. */
  resourceLimits?: ResourceLimits;
}

interface Task {
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
}

type Reply = { type: 'ready' } | { type: 'result'; id: number; ok: true; value: unknown } | { type: 'result'; id: number; ok: false; error: string };

// Loads tsx in the worker before the .ts entry: on Node 20 an `--import tsx` in a Worker's
// execArgv is not applied to the worker's own entry module (nodejs/node#47747).
const BOOT = new URL('./worker-boot.mjs', import.meta.url);

export class WorkerPool {
  private readonly slots: Array<Slot | null>;
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: WorkerPoolOptions) {
    this.slots = Array.from({ length: Math.max(1, Math.floor(opts.size)) }, () => null);
  }

  /** Runs `method(...args)` in a worker; args and result must be structured-cloneable. */
  run<T>(method: string, args: unknown[]): Promise<T> {
    if (this.closed) return Promise.reject(new PoolClosedError('The worker pool is closed'));
    return new Promise<T>((resolve, reject) => {
      const task: Task = { method, args, resolve: resolve as (v: unknown) => void, reject };
      const free = this.freeSlotIndex();
      if (free >= 0) this.start(free, task);
      else if (this.queue.length >= this.opts.maxQueue) reject(new PoolBusyError('Too many tasks are waiting for a worker'));
      else this.queue.push(task);
    });
  }

  /** Live workers, busy workers and waiting tasks (for tests and metrics). */
  stats(): { workers: number; busy: number; queued: number; threadIds: number[] } {
    const live = this.slots.filter((s): s is Slot => s !== null);
    return { workers: live.length, busy: live.filter((s) => s.task).length, queued: this.queue.length, threadIds: live.map((s) => s.threadId) };
  }

  /** Terminates every worker; queued and running tasks reject with PoolClosedError. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new PoolClosedError('The worker pool is closed');
    for (const t of this.queue.splice(0)) t.reject(err);
    const terminating: Promise<unknown>[] = [];
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (!slot) continue;
      this.slots[i] = null;
      clearTimeout(slot.startTimer);
      if (slot.task) {
        clearTimeout(slot.task.timer);
        slot.task.reject(err);
      }
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
    slot.startTimer = setTimeout(() => this.retire(slot, new Error('The worker did not start in time'), 'start-failed'), this.opts.startTimeoutMs ?? 60_000);
    slot.startTimer.unref();
    worker.on('message', (msg: Reply) => this.onMessage(slot, msg));
    worker.on('error', (err) => this.onDeath(slot, err));
    worker.on('exit', (code) => this.onDeath(slot, new Error(`worker exited with code ${code}`)));
    this.slots[index] = slot;
    return slot;
  }

  private start(index: number, task: Task): void {
    const slot = this.slots[index] ?? this.spawn(index);
    const id = this.nextId++;
    slot.task = { ...task, id, timer: undefined };
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
      this.retire(slot, new WorkerCrashedError(`The task took longer than ${this.opts.taskTimeoutMs} ms`), 'timeout');
    }, this.opts.taskTimeoutMs);
  }

  private onMessage(slot: Slot, msg: Reply): void {
    if (msg.type === 'ready') {
      slot.ready = true;
      clearTimeout(slot.startTimer);
      this.armTimer(slot);
      return;
    }
    const task = slot.task;
    if (!task || task.id !== msg.id) return;
    clearTimeout(task.timer);
    slot.task = null;
    slot.worker.unref();
    if (msg.ok) task.resolve(msg.value);
    else task.reject(new TaskFailedError(msg.error));
    this.drain();
  }

  /** The worker crashed or exited by itself: fail its task and let the next task start a new one. */
  private onDeath(slot: Slot, cause: Error): void {
    const err = slot.ready
      ? new WorkerCrashedError(`The worker crashed: ${cause.message}`, { cause })
      // Never came up (bad entry, loader failure): a fault of ours, not of the page.
      : new Error(`The worker could not start: ${cause.message}`, { cause });
    this.retire(slot, err, slot.ready ? 'crashed' : 'start-failed');
  }

  private retire(slot: Slot, err: Error, reason: 'crashed' | 'timeout' | 'start-failed'): void {
    if (this.slots[slot.index] !== slot) return; // already retired
    this.slots[slot.index] = null;
    clearTimeout(slot.startTimer);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    const { threadId } = slot;
    // terminate() also stops a worker stuck in a loop; a dead one resolves at once.
    void slot.worker.terminate().then(() => this.opts.onWorkerExit?.({ threadId, reason }));
    if (slot.task) {
      clearTimeout(slot.task.timer);
      const task = slot.task;
      slot.task = null;
      task.reject(err);
    }
    // A worker that cannot start would fail every queued task the same way; fail them now
    // rather than spawning one doomed worker per task.
    if (reason === 'start-failed') {
      for (const t of this.queue.splice(0)) t.reject(err);
      return;
    }
    this.drain();
  }

  private drain(): void {
    while (!this.closed && this.queue.length > 0) {
      const free = this.freeSlotIndex();
      if (free < 0) return;
      this.start(free, this.queue.shift()!);
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
      port.postMessage({ type: 'result', id: msg.id, ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    }
  });
  port.postMessage({ type: 'ready' });
}
