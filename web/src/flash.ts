/** A one-time message shown on the next page (e.g. after a delete), kept in memory only. */
import type { Message } from './i18n';

let pending: Message | null = null;
export function flash(message: Message): void {
  pending = message;
}
export function takeFlash(): Message | null {
  const m = pending;
  pending = null;
  return m;
}
