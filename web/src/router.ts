/** A small History API router: links to app pages are followed without a page load. */
import { useEffect, useState } from 'preact/hooks';
import { matchRoute, type Route } from './routes';

const listeners = new Set<() => void>();
let navigated = false;
/** True once the user has moved within the app: only then does a new page move the focus to its heading. */
export const hasNavigated = () => navigated;
const current = () => matchRoute(new URL(location.href));

export function navigate(href: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  navigated = true;
  for (const l of listeners) l();
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => { navigated = true; setRoute(current()); };
    listeners.add(update);
    addEventListener('popstate', update);
    return () => { listeners.delete(update); removeEventListener('popstate', update); };
  }, []);
  return route;
}

/** Clicks on same-origin links to app pages become client-side navigations. */
export function interceptLinks(): void {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const a = (event.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
    if (matchRoute(new URL(a.href)).name === 'notFound') return;
    event.preventDefault();
    navigate(a.pathname + a.search + a.hash);
  });
}
