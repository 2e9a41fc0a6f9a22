/** A one-time message shown on the next page (e.g. after a delete), kept in memory only. */
let pending: string | null = null;
export function flash(message: string): void { pending = message; }
export function takeFlash(): string | null {
  const m = pending;
  pending = null;
  return m;
}
