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
  } catch (err) {
    if ((err as { status?: number }).status !== 0) throw err;
    const rest = queued().filter((q) => !(q.list === list && q.item === item));
    localStorage.setItem(QUEUE, JSON.stringify([...rest, { list, item, checked }]));
  }
}

/** Sends the checks kept offline, oldest first; those that still cannot go stay. */
export async function flushChecks(): Promise<void> {
  const left: Queued[] = [];
  for (const q of queued()) {
    try {
      await unwrap(
        api.PATCH('/lists/{id}/items/{item_id}', { params: { path: { id: q.list, item_id: q.item } }, body: { checked: q.checked } }),
      );
    } catch (err) {
      if ((err as { status?: number }).status === 0) left.push(q);
    }
  }
  localStorage.setItem(QUEUE, JSON.stringify(left));
}
export const pendingChecks = (list: number) => queued().filter((q) => q.list === list);
