/**
 * A shopping list kept live: a single-use ticket (EventSource sends no header) opens the list's
 * event stream; items changed or removed by anyone are applied as they come; when the stream
 * ends (session, network) a new ticket reopens it from the last event seen. Checks made offline
 * are kept in localStorage and sent when the browser is back online (the server keeps the last
 * write of each field).
 */
import { api } from './api/client';
import { unwrap } from './api/problem';

export type Item = { id: string; text: string; category: string; checked: boolean };
export type ListEvent = { type: 'items'; items: Item[]; removed: string[] } | { type: 'deleted' };

export function openLive(listId: number, onEvent: (e: ListEvent) => void): () => void {
  let source: EventSource | null = null;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const open = async () => {
    if (stopped) return;
    try {
      const { data } = await unwrap(api.POST('/lists/{id}/events/ticket', { params: { path: { id: listId } } }));
      if (stopped) return;
      source = new EventSource(`/lists/${listId}/events?ticket=${encodeURIComponent(data.ticket)}`);
      source.addEventListener('items', (e) => onEvent({ type: 'items', ...JSON.parse((e as MessageEvent).data) }));
      source.addEventListener('deleted', () => onEvent({ type: 'deleted' }));
      const again = () => {
        source?.close();
        retry = setTimeout(() => void open(), 3000);
      };
      source.addEventListener('end', again);
      source.onerror = again;
    } catch {
      retry = setTimeout(() => void open(), 5000);
    }
  };
  void open();
  return () => {
    stopped = true;
    clearTimeout(retry);
    source?.close();
  };
}

const QUEUE = 'gourmet.list-checks';
type Queued = { list: number; item: string; checked: boolean };
const queued = (): Queued[] => JSON.parse(localStorage.getItem(QUEUE) ?? '[]') as Queued[];

/** Sends a check now, or keeps it for later when the network is down. */
export async function sendCheck(list: number, item: string, checked: boolean): Promise<void> {
  try {
    await unwrap(api.PATCH('/lists/{id}/items/{item_id}', { params: { path: { id: list, item_id: item } }, body: { checked } }));
    // An older check of this item still queued must not undo this one later.
    if (queued().some((q) => q.list === list && q.item === item))
      localStorage.setItem(QUEUE, JSON.stringify(queued().filter((q) => !(q.list === list && q.item === item))));
  } catch (err) {
    if ((err as { status?: number }).status !== 0) throw err;
    const rest = queued().filter((q) => !(q.list === list && q.item === item));
    localStorage.setItem(QUEUE, JSON.stringify([...rest, { list, item, checked }]));
  }
}

/**
 * Sends the checks kept offline, oldest first. Those that still cannot go (no network, or no
 * session yet: they go after the next sign-in) stay; one the server refuses for good (the item or
 * list is gone) is dropped.
 */
export async function flushChecks(): Promise<void> {
  const sent = new Set<Queued>();
  for (const q of queued()) {
    try {
      await unwrap(
        api.PATCH('/lists/{id}/items/{item_id}', { params: { path: { id: q.list, item_id: q.item } }, body: { checked: q.checked } }),
      );
      sent.add(q);
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status !== 0 && status !== 401) sent.add(q);
    }
  }
  // Read again: a check made while these were being sent is kept, not overwritten.
  const key = (q: Queued) => `${q.list} ${q.item} ${q.checked}`;
  const done = new Set([...sent].map(key));
  localStorage.setItem(QUEUE, JSON.stringify(queued().filter((q) => !done.has(key(q)))));
}
export const pendingChecks = (list: number) => queued().filter((q) => q.list === list);
