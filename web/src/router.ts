/** A small History API router: links to app pages are followed without a page load. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from './i18n';
import { matchRoute, type Route } from './routes';

const listeners = new Set<() => void>();
let navigated = false;
/** True once the user has moved within the app: only then does a new page move the focus to its heading. */
export const hasNavigated = () => navigated;
const current = () => matchRoute(new URL(location.href));
let here = typeof location === 'undefined' ? '' : location.href;

/** Set by a form with unsaved changes: true while leaving must be confirmed first. */
let guard: (() => boolean) | null = null;

/** True when the page may be left: nothing unsaved, or the user agreed to lose it. */
export function confirmLeave(): boolean {
  if (!guard?.()) return true;
  if (!confirm(t('form.leave'))) return false;
  guard = null;
  return true;
}

function changed(): void {
  here = location.href;
  navigated = true;
  for (const l of listeners) l();
}

let keepScroll = false;
/** True once after a navigation that asked to stay where the reader is (servings, units, a catalog page). */
export function takeKeepScroll(): boolean {
  const k = keepScroll;
  keepScroll = false;
  return k;
}

/**
 * `force` skips the unsaved-changes question (after the form was saved); `keepScroll` leaves the
 * scroll position alone (a new page otherwise starts at the top).
 */
export function navigate(href: string, opts: { replace?: boolean; force?: boolean; keepScroll?: boolean } = {}): void {
  if (opts.force) guard = null;
  else if (!confirmLeave()) return;
  // Only a real move is followed by the app's scroll reset, which takes the flag.
  keepScroll = (opts.keepScroll ?? false) && new URL(href, location.href).href !== location.href;
  if (opts.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  changed();
}

if (typeof addEventListener !== 'undefined') {
  addEventListener('popstate', () => {
    // Back/forward has already moved the address: put it back when the user stays.
    if (!confirmLeave()) {
      history.pushState(null, '', here);
      return;
    }
    changed();
  });
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return route;
}

/**
 * While `dirty`, leaving asks first: links and back/forward in the app (confirm), and closing or
 * reloading the tab (the browser's own beforeunload question).
 */
export function useLeaveGuard(dirty: boolean): void {
  const ref = useRef(dirty);
  ref.current = dirty;
  useEffect(() => {
    const check = () => ref.current;
    guard = check;
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (ref.current) e.preventDefault();
    };
    addEventListener('beforeunload', beforeUnload);
    return () => {
      if (guard === check) guard = null;
      removeEventListener('beforeunload', beforeUnload);
    };
  }, []);
}

/** Clicks on same-origin links to app pages become client-side navigations. */
export function interceptLinks(): void {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const a = (event.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
    // Not an app page (the API docs): a real page load, where beforeunload asks about unsaved changes.
    if (matchRoute(new URL(a.href)).name === 'notFound') return;
    event.preventDefault();
    navigate(a.pathname + a.search + a.hash);
  });
}
