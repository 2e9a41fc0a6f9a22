/** The app's pages. The server answers index.html for exactly these paths (src/modules/web/web.routes.ts APP_PAGES). */
export const PAGES = {
  catalog: '/',
  signIn: '/sign-in',
  signUp: '/sign-up',
  create: '/new',
  import: '/import',
  move: '/move',
  bookmarklet: '/bookmarklet',
  recipe: '/recipe/:id',
  edit: '/recipe/:id/edit',
  household: '/my-household',
  admin: '/admin',
  resetPassword: '/reset-password',
  plan: '/week',
  lists: '/shopping',
  list: '/shopping/:id',
} as const;
export type PageName = keyof typeof PAGES | 'notFound';

export interface Route {
  name: PageName;
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
}

export function matchRoute(url: URL): Route {
  const parts = url.pathname.split('/').filter(Boolean);
  for (const [name, pattern] of Object.entries(PAGES) as [keyof typeof PAGES, string][]) {
    const want = pattern.split('/').filter(Boolean);
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    if (want.every((w, i) => (w.startsWith(':') ? (params[w.slice(1)] = decodeURIComponent(parts[i]!)) !== '' : w === parts[i]))) {
      return { name, params, query: url.searchParams, path: url.pathname };
    }
  }
  return { name: 'notFound', params: {}, query: url.searchParams, path: url.pathname };
}
