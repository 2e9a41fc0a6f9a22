/**
 * Live lists: every committed change to a list is a numbered row of `list_events`; this hub tells
 * the streams of this instance about it. A change made on any instance is announced on Redis
 * (REDIS_URL; one channel) or, without Redis, in process; on a notice the hub reads the list's new
 * events once and hands each stream those after the last it sent, so 500 listeners of one list
 * cost one query per instance, a stream resumes from Last-Event-ID, and events reach every
 * stream in the order they were committed (changes to one list are serialized by its row lock).
 */
import type { Redis } from 'ioredis';
import type { Db } from '../../lib/db.js';
import { listsRepository as repo, type ListEvent } from './lists.repository.js';

export type { ListEvent };

export interface Listener {
  /** The id of the last event sent. */
  last: number;
  ready: boolean;
  send(event: ListEvent): void;
  /** Ends the stream (the app is closing). */
  end(): void;
}

export interface HubOptions {
  db: Db;
  /** Redis for announcing changes to other instances, or null: in process only. */
  redis: Redis | null;
  channel: string;
  onError: (err: unknown) => void;
}

export class ListEventsHub {
  private readonly listeners = new Map<number, Set<Listener>>();
  /** Per list: a read in progress, and whether another notice came meanwhile. */
  private readonly reading = new Map<number, { again: boolean }>();
  private subscriber: Redis | null = null;

  constructor(private readonly opts: HubOptions) {}

  async start(): Promise<void> {
    if (!this.opts.redis) return;
    // A connection in subscriber mode can do nothing else: one of its own.
    const sub = this.opts.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined });
    sub.on('error', this.opts.onError);
    sub.on('message', (_channel: string, message: string) => {
      const id = Number(message);
      if (Number.isInteger(id)) this.read(id);
    });
    await sub.subscribe(this.opts.channel);
    this.subscriber = sub;
  }

  /** After a change to a list is committed. */
  changed(listId: number): void {
    if (this.opts.redis) this.opts.redis.publish(this.opts.channel, String(listId)).catch(this.opts.onError);
    else this.read(listId);
  }

  count(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  private read(listId: number): void {
    if (!this.listeners.get(listId)?.size) return;
    const running = this.reading.get(listId);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.reading.set(listId, state);
    const run = async () => {
      do {
        state.again = false;
        const ready = [...(this.listeners.get(listId) ?? [])].filter((l) => l.ready);
        if (!ready.length) break;
        const from = Math.min(...ready.map((l) => l.last));
        const events = await repo.eventsAfter(this.opts.db, listId, from);
        for (const l of ready)
          for (const e of events)
            if (e.id > l.last) {
              l.send(e);
              l.last = e.id;
            }
        if (events.length === 1000) state.again = true;
      } while (state.again);
    };
    run()
      .catch(this.opts.onError)
      .finally(() => this.reading.delete(listId));
  }

  /**
   * Adds a listener: from `lastEventId` when the client resumes (the events after it are sent
   * first), else from now. Returns the function that removes it.
   */
  async listen(listId: number, lastEventId: number | null, listener: Listener): Promise<() => void> {
    let set = this.listeners.get(listId);
    if (!set) this.listeners.set(listId, (set = new Set()));
    set.add(listener);
    const remove = () => {
      set.delete(listener);
      if (!set.size && this.listeners.get(listId) === set) this.listeners.delete(listId);
    };
    try {
      if (lastEventId === null) listener.last = await repo.lastEventId(this.opts.db, listId);
      else {
        listener.last = lastEventId;
        for (const e of await repo.eventsAfter(this.opts.db, listId, lastEventId)) {
          listener.send(e);
          listener.last = e.id;
        }
      }
    } catch (err) {
      remove();
      throw err;
    }
    listener.ready = true;
    // Anything committed while the backlog was read.
    this.read(listId);
    return remove;
  }

  async close(): Promise<void> {
    for (const set of this.listeners.values()) for (const l of set) l.end();
    this.listeners.clear();
    if (this.subscriber) await this.subscriber.quit().catch(() => this.subscriber?.disconnect());
  }
}
