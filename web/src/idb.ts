/**
 * The app's one IndexedDB database ("gourmet"): a cross-tab lock where the Web Locks API is
 * missing, and a short-lived hand-off of a page from the bookmarklet's window across a navigation.
 * It never holds a token or anything the server gave us.
 *
 * IndexedDB is here because, unlike localStorage or BroadcastChannel, it is atomic across tabs:
 * read-write transactions over the same store run one after another, so "read the lock, write it
 * if free" cannot interleave between two tabs. It is available without a secure context (plain
 * http on a LAN name), where `navigator.locks` is not.
 */
const DB_NAME = 'gourmet';
const LOCKS = 'locks';
const HANDOFF = 'handoff';

let opened: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(LOCKS);
      req.result.createObjectStore(HANDOFF);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('IndexedDB blocked'));
  }).catch((err) => {
    opened = null;
    throw err;
  });
  return opened;
}

/** Runs `step` on the store in one read-write transaction; resolves with its result once committed. */
async function transact<T>(store: string, step: (s: IDBObjectStore, done: (v: T) => void) => void): Promise<T> {
  const db = await openDb();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(store, 'readwrite');
    let value: T;
    step(tx.objectStore(store), (v) => {
      value = v;
    });
    tx.oncomplete = () => resolve(value);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

export function randomId(bytes = 16): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

interface LockRecord {
  owner: string;
  expires: number;
}

/** How long a lock holds without being renewed: a tab that dies holding it blocks the others this long at most. */
export const LOCK_LEASE_MS = 10_000;
const RENEW_MS = 2_000;

function tryAcquire(name: string, owner: string): Promise<boolean> {
  return transact<boolean>(LOCKS, (s, done) => {
    const get = s.get(name);
    get.onsuccess = () => {
      const held = get.result as LockRecord | undefined;
      if (held && held.owner !== owner && held.expires > Date.now()) {
        done(false);
        return;
      }
      s.put({ owner, expires: Date.now() + LOCK_LEASE_MS } satisfies LockRecord, name);
      done(true);
    };
  });
}

function renew(name: string, owner: string): Promise<void> {
  return transact<void>(LOCKS, (s) => {
    const get = s.get(name);
    get.onsuccess = () => {
      if ((get.result as LockRecord | undefined)?.owner === owner)
        s.put({ owner, expires: Date.now() + LOCK_LEASE_MS } satisfies LockRecord, name);
    };
  });
}

function release(name: string, owner: string): Promise<void> {
  return transact<void>(LOCKS, (s) => {
    const get = s.get(name);
    get.onsuccess = () => {
      if ((get.result as LockRecord | undefined)?.owner === owner) s.delete(name);
    };
  });
}

/**
 * `fn` while holding the named lock, one tab at a time. The holder renews its lease while `fn`
 * runs; a lease left by a closed or crashed tab expires after LOCK_LEASE_MS. A released lock is
 * announced on a BroadcastChannel so waiters retry at once rather than at their next poll. Without
 * IndexedDB (some private modes) `fn` runs unserialised, as before.
 */
export async function withStoredLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const owner = randomId();
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`gourmet-lock:${name}`) : null;
  let wake: (() => void) | null = null;
  if (channel) channel.onmessage = () => wake?.();
  try {
    for (;;) {
      if (await tryAcquire(name, owner)) break;
      // Jittered, so tabs that lost the same race do not poll in step.
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 40 + Math.random() * 60);
      });
      wake = null;
    }
  } catch {
    channel?.close();
    return fn();
  }
  const renewal = setInterval(() => {
    void renew(name, owner).catch(() => undefined);
  }, RENEW_MS);
  try {
    return await fn();
  } finally {
    clearInterval(renewal);
    await release(name, owner).catch(() => undefined);
    channel?.postMessage('released');
    channel?.close();
  }
}

/** Keeps `value` under a new random key for the next page of this origin (see takeHandoff). */
export async function putHandoff(value: unknown): Promise<string> {
  const key = randomId();
  await transact<void>(HANDOFF, (s) => {
    s.put({ value, at: Date.now() }, key);
  });
  return key;
}

/** What putHandoff kept under `key`, once: it is deleted on reading, with any left over for a minute. */
export async function takeHandoff<T>(key: string): Promise<T | null> {
  return transact<T | null>(HANDOFF, (s, done) => {
    done(null);
    const get = s.get(key);
    get.onsuccess = () => {
      const rec = get.result as { value: T; at: number } | undefined;
      if (rec && Date.now() - rec.at < 60_000) done(rec.value);
      s.delete(key);
    };
    // Left-overs of hand-offs that never arrived (a window closed in between).
    const all = s.openCursor();
    all.onsuccess = () => {
      const c = all.result;
      if (!c) return;
      if (Date.now() - (c.value as { at: number }).at >= 60_000) c.delete();
      c.continue();
    };
  });
}
