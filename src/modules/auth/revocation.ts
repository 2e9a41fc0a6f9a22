/**
 * Where revoked access tokens are remembered until they would expire anyway. Keys are ids
 * (`jti`, or `sid:<family>` for a whole session, and per-user session-version floors), never raw
 * tokens.
 *
 * - DatabaseRevocationStore (default): asks the database on every check. On SQLite that is an
 *   in-process index lookup (microseconds); it is exact across processes sharing the database,
 *   which an in-memory copy without a notification channel could not be.
 * - RedisRevocationStore (REDIS_URL): every process keeps the whole deny-list in memory, loaded
 *   at start and kept current by Redis pub/sub, so a check costs no round trip. A revocation is
 *   in the local memory before the request that made it answers, and in every other process as
 *   soon as the pub/sub message arrives (one network hop). While the subscription is down, checks
 *   go to Redis directly, and fail closed (503) when Redis does not answer.
 */
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { ServiceUnavailable } from '../../errors.js';
import { sessionsRepository } from './sessions.repository.js';
import type { Clock } from '../../lib/clock.js';
import type { Db } from '../../lib/db.js';

export interface RevocationCheck {
  jti: string;
  sid: string;
  userId: number;
  ver: number;
}

export interface RevocationStore {
  /** True when the access token (by jti), its session family, or its user's session version is revoked. */
  isRevoked(token: RevocationCheck): Promise<boolean>;
  /** Revokes a token and/or a session until `expiresAt` (epoch seconds). */
  revoke(entries: { jti?: string; sid?: string }, expiresAt: number): Promise<void>;
  /** Revokes every access token of the user whose session version is below `version` (password change). */
  revokeUserSessionsBelow(userId: number, version: number, expiresAt: number): Promise<void>;
  /**
   * True when checks are answered from process memory kept current by notifications: callers may
   * then cache user state as well. False when every check asks the authoritative store.
   */
  readonly inMemory: boolean;
  close(): Promise<void>;
}

export const sessionKey = (sid: string) => `sid:${sid}`;

export class DatabaseRevocationStore implements RevocationStore {
  readonly inMemory = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  isRevoked(token: RevocationCheck): Promise<boolean> {
    return sessionsRepository.anyRevoked(this.db, [token.jti, sessionKey(token.sid)], Math.floor(this.clock() / 1000));
  }

  async revoke(entries: { jti?: string; sid?: string }, expiresAt: number): Promise<void> {
    const ids = [entries.jti, entries.sid && sessionKey(entries.sid)].filter((x): x is string => !!x);
    await sessionsRepository.insertRevocations(this.db, ids, expiresAt);
  }

  /** Nothing to store: on this path every request compares the token's `ver` with users.session_version itself. */
  async revokeUserSessionsBelow(): Promise<void> {}

  async close(): Promise<void> {}
}

/** Sets `<version>:<exp>` unless the stored floor is higher (or equal and longer-lived). */
const RAISE_FLOOR = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local v, e = string.match(cur, '^(%d+):(%d+)$')
  v = tonumber(v); e = tonumber(e)
  local nv = tonumber(ARGV[1]); local ne = tonumber(ARGV[2])
  if v and (v > nv or (v == nv and e >= ne)) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. ARGV[2], 'EX', ARGV[3])
return 1`;

type Message = { kind: 'id'; id: string; exp: number } | { kind: 'user'; userId: number; version: number; exp: number };

export class RedisRevocationStore implements RevocationStore {
  readonly inMemory = true;
  /** Emits 'applied' after each entry from another process (or a resync) is in memory; tests wait on it. */
  readonly events = new EventEmitter();
  private readonly ids = new Map<string, number>();
  private readonly userFloors = new Map<number, { version: number; exp: number }>();
  private readonly channel: string;
  private synced = false;
  private sweeper?: NodeJS.Timeout;

  private constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
  ) {
    this.channel = `${prefix}revocations`;
  }

  /** Subscribes first, then loads what is stored, so nothing revoked in between is missed. */
  static async create(redis: Redis, prefix: string, clock: Clock, log: FastifyBaseLogger): Promise<RedisRevocationStore> {
    // autoResubscribe off: ioredis would re-send SUBSCRIBE on reconnect without handling its
    // failure, and a Redis blip during it becomes an unhandled rejection that ends the process.
    // The 'ready' handler below resubscribes itself, then reloads, in that order.
    const subscriber = redis.duplicate({ enableOfflineQueue: true, lazyConnect: true, commandTimeout: undefined, autoResubscribe: false });
    const store = new RedisRevocationStore(redis, subscriber, prefix, clock, log);
    subscriber.on('error', (err) => log.warn({ err }, 'redis subscriber error'));
    subscriber.on('message', (channel: string, raw: string) => {
      if (channel === store.channel) store.onMessage(raw);
    });
    await subscriber.connect();
    await subscriber.subscribe(store.channel);
    await store.resync();
    // Messages sent while disconnected are lost: go to Redis directly until resubscribed and reloaded.
    subscriber.on('close', () => {
      store.synced = false;
    });
    subscriber.on('ready', () => {
      subscriber
        .subscribe(store.channel)
        .then(() => store.resync())
        .catch((err) => log.warn({ err }, 'revocation resubscribe/resync failed; retried on the next reconnect'));
    });
    store.sweeper = setInterval(() => store.sweep(), 60_000);
    store.sweeper.unref();
    return store;
  }

  private nowSec(): number {
    return Math.floor(this.clock() / 1000);
  }

  private idKey(id: string): string {
    return `${this.prefix}rv:${id}`;
  }

  private userKey(userId: number): string {
    return `${this.prefix}rvu:${userId}`;
  }

  async isRevoked(token: RevocationCheck): Promise<boolean> {
    if (!this.synced) return this.isRevokedInRedis(token);
    const now = this.nowSec();
    for (const id of [token.jti, sessionKey(token.sid)]) {
      const exp = this.ids.get(id);
      if (exp !== undefined && exp >= now) return true;
    }
    const floor = this.userFloors.get(token.userId);
    return floor !== undefined && floor.exp >= now && token.ver < floor.version;
  }

  private async isRevokedInRedis(token: RevocationCheck): Promise<boolean> {
    let values: (string | null)[];
    try {
      values = await this.redis.mget(this.idKey(token.jti), this.idKey(sessionKey(token.sid)), this.userKey(token.userId));
    } catch (err) {
      // Fail closed: a revocation made elsewhere may be unknown here.
      throw Object.assign(ServiceUnavailable('Session store unavailable, try again shortly'), { cause: err });
    }
    const [jti, sid, user] = values;
    if (jti != null || sid != null) return true;
    return user != null && token.ver < Number(user.split(':')[0]);
  }

  async revoke(entries: { jti?: string; sid?: string }, expiresAt: number): Promise<void> {
    const ids = [entries.jti, entries.sid && sessionKey(entries.sid)].filter((x): x is string => !!x);
    const ttl = Math.max(1, expiresAt - this.nowSec());
    // Local memory first: this process refuses the token even before Redis has answered.
    for (const id of ids) this.applyId(id, expiresAt);
    const tx = this.redis.multi();
    for (const id of ids) {
      tx.set(this.idKey(id), String(expiresAt), 'EX', ttl);
      tx.publish(this.channel, JSON.stringify({ kind: 'id', id, exp: expiresAt } satisfies Message));
    }
    await this.exec(tx);
  }

  async revokeUserSessionsBelow(userId: number, version: number, expiresAt: number): Promise<void> {
    this.applyUser(userId, version, expiresAt);
    const ttl = Math.max(1, expiresAt - this.nowSec());
    // Two password changes answer in either order: the stored floor only ever rises (a plain SET
    // could put an older floor back, which a process loading state at start would then believe).
    await this.exec(
      this.redis
        .multi()
        .eval(RAISE_FLOOR, 1, this.userKey(userId), version, expiresAt, ttl)
        .publish(this.channel, JSON.stringify({ kind: 'user', userId, version, exp: expiresAt } satisfies Message)),
    );
  }

  private async exec(tx: ReturnType<Redis['multi']>): Promise<void> {
    const res = await tx.exec();
    const failed = res?.find(([err]) => err);
    if (!res || failed) throw failed?.[0] ?? new Error('revocation transaction aborted');
  }

  private applyId(id: string, exp: number): void {
    if ((this.ids.get(id) ?? -1) < exp) this.ids.set(id, exp);
  }

  private applyUser(userId: number, version: number, exp: number): void {
    const cur = this.userFloors.get(userId);
    if (!cur || cur.version < version || (cur.version === version && cur.exp < exp)) this.userFloors.set(userId, { version, exp });
  }

  private onMessage(raw: string): void {
    let msg: Message;
    try {
      msg = JSON.parse(raw) as Message;
    } catch {
      return;
    }
    if (msg.kind === 'id' && typeof msg.id === 'string' && Number.isFinite(msg.exp)) this.applyId(msg.id, msg.exp);
    else if (msg.kind === 'user' && Number.isSafeInteger(msg.userId) && Number.isFinite(msg.version) && Number.isFinite(msg.exp))
      this.applyUser(msg.userId, msg.version, msg.exp);
    else return;
    this.events.emit('applied', msg);
  }

  /** Loads every stored entry; runs at start and after each reconnect of the subscriber. */
  private async resync(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}rv*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length === 0) continue;
      const values = await this.redis.mget(...keys);
      keys.forEach((key, i) => {
        const value = values[i];
        if (value == null) return;
        if (key.startsWith(`${this.prefix}rv:`)) {
          this.applyId(key.slice(`${this.prefix}rv:`.length), Number(value));
        } else if (key.startsWith(`${this.prefix}rvu:`)) {
          const [version, exp] = value.split(':').map(Number);
          this.applyUser(Number(key.slice(`${this.prefix}rvu:`.length)), version!, exp!);
        }
      });
    } while (cursor !== '0');
    this.synced = true;
    this.log.debug({ ids: this.ids.size, users: this.userFloors.size }, 'revocations loaded from redis');
    this.events.emit('synced');
  }

  /** Entries past their expiry cannot match a valid token any more; drop them. */
  private sweep(): void {
    const now = this.nowSec();
    for (const [id, exp] of this.ids) if (exp < now) this.ids.delete(id);
    for (const [userId, floor] of this.userFloors) if (floor.exp < now) this.userFloors.delete(userId);
  }

  /** For tests and metrics: how many entries are held in memory. */
  get size(): number {
    return this.ids.size + this.userFloors.size;
  }

  get isSynced(): boolean {
    return this.synced;
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.synced = false;
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }
}
