/**
 * The bookmarklet's hand-off of a page to the import window. The bookmarklet makes a one-time
 * nonce, opens /import?via=bookmarklet&nonce=… and, when that window says it is ready, posts
 * {type, html, url, nonce} to our origin only. The import window takes one message, from its
 * opener, and accepts it only when:
 * - the nonce is the one in its own address (a later document in the opener's tab, or any other
 *   window, never saw it);
 * - the claimed `url` has the origin the browser reports for the sender (a site cannot pass its
 *   page off as another site's, which would become the recipe's source).
 * Even then nothing is sent to the API before the user, shown the sender's origin, presses Preview.
 * A nonce alone cannot tell the bookmarklet from a hostile page that opens the import window with
 * a nonce of its own: the shown origin and that explicit confirmation are what stop it.
 */
import type { Message } from './i18n/index.ts';

export const NONCE = /^[A-Za-z0-9_-]{22,128}$/;

export interface HandedPage {
  html: string;
  url: string;
  origin: string;
}
export type HandoffResult = { ok: true; page: HandedPage } | { ok: false; reason: Message };

export function checkHandoff(data: unknown, senderOrigin: string, nonce: string): HandoffResult {
  const d = data as { type?: unknown; html?: unknown; url?: unknown; nonce?: unknown } | null;
  if (!d || typeof d !== 'object' || d.type !== 'gourmet-import') return { ok: false, reason: { key: 'handoff.notBookmarklet' } };
  if (!/^https?:\/\/[^/]+$/.test(senderOrigin)) return { ok: false, reason: { key: 'handoff.noOrigin', params: { origin: senderOrigin } } };
  if (typeof d.nonce !== 'string' || !NONCE.test(nonce) || d.nonce !== nonce) {
    return { ok: false, reason: { key: 'handoff.wrongWindow' } };
  }
  if (typeof d.html !== 'string' || typeof d.url !== 'string') return { ok: false, reason: { key: 'handoff.malformed' } };
  let claimed: string;
  try {
    claimed = new URL(d.url).origin;
  } catch {
    return { ok: false, reason: { key: 'handoff.notUrl' } };
  }
  if (claimed !== senderOrigin) return { ok: false, reason: { key: 'handoff.mismatch', params: { claimed, origin: senderOrigin } } };
  return { ok: true, page: { html: d.html, url: d.url, origin: senderOrigin } };
}

/** A nonce for the bookmarklet's code, which runs on the recipe's page (any origin, maybe plain http). */
export const BOOKMARKLET_NONCE_JS = `(()=>{const a=crypto.getRandomValues(new Uint8Array(16));return Array.from(a,b=>(b+256).toString(16).slice(1)).join('')})()`;
