/**
 * The browser session. The access token lives in this module's memory only; the refresh token is
 * an HttpOnly cookie the page cannot read. Nothing goes to localStorage or sessionStorage. On
 * page load `restoreSession` trades the cookie for a new access token; refreshes are serialised
 * across tabs, because two concurrent refreshes of one cookie would look like token theft to the
 * server and end the session: with the Web Locks API where there is one (a secure context), else
 * with a lock in IndexedDB (plain http on a LAN name has no `navigator.locks`).
 */
import { sessionApi, api } from './api/client';
import { ApiProblem, unwrap } from './api/problem';
import { withStoredLock } from './idb';

export interface User {
  id: number;
  username: string;
  role: 'admin' | 'member';
  householdId: number;
  defaultVisibility: 'public' | 'household' | 'private';
}
export interface SessionState {
  status: 'loading' | 'in' | 'out' | 'error';
  user: User | null;
  problem?: ApiProblem;
}

let token: string | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let inflight: Promise<string | null> | null = null;
let state: SessionState = { status: 'loading', user: null };
const listeners = new Set<(s: SessionState) => void>();

export const currentToken = () => token;
export const sessionState = () => state;
export function onSession(listener: (s: SessionState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function setState(next: SessionState) {
  state = next;
  for (const l of listeners) l(state);
}

function accept(access: { access_token: string; expires_in: number }) {
  token = access.access_token;
  clearTimeout(refreshTimer);
  // Refresh a little before expiry so a request rarely meets an expired token.
  refreshTimer = setTimeout(
    () => {
      void refreshSession();
    },
    Math.max(5, access.expires_in - 30) * 1000,
  );
}

function forget() {
  token = null;
  clearTimeout(refreshTimer);
}

async function doRefresh(): Promise<string | null> {
  const result = await sessionApi.POST('/session/refresh', { params: { header: { 'x-requested-with': 'fetch' } } });
  if (result.response.status === 401) {
    forget();
    if (state.status === 'in') setState({ status: 'out', user: null });
    return null;
  }
  const { data } = await unwrap(Promise.resolve(result));
  accept(data);
  return token;
}

/** A new access token from the cookie, or null when there is no (longer a) session. One at a time per browser. */
export function refreshSession(): Promise<string | null> {
  if (!inflight) {
    const run: Promise<string | null> = navigator.locks
      ? (navigator.locks.request('gourmet-session-refresh', doRefresh) as unknown as Promise<string | null>)
      : withStoredLock('gourmet-session-refresh', doRefresh);
    inflight = run.finally(() => {
      inflight = null;
    });
  }
  return inflight;
}

async function loadUser(): Promise<void> {
  const { data } = await unwrap(api.GET('/me'));
  setState({
    status: 'in',
    user: {
      id: data.id,
      username: data.username,
      role: data.role,
      householdId: data.household_id,
      defaultVisibility: data.default_visibility,
    },
  });
}

export async function restoreSession(): Promise<void> {
  setState({ status: 'loading', user: null });
  try {
    if (await refreshSession()) await loadUser();
    else setState({ status: 'out', user: null });
  } catch (err) {
    setState({ status: 'error', user: null, problem: err instanceof ApiProblem ? err : undefined });
  }
}

export async function signIn(username: string, password: string): Promise<void> {
  const { data } = await unwrap(
    sessionApi.POST('/session', { params: { header: { 'x-requested-with': 'fetch' } }, body: { username, password } }),
  );
  accept(data);
  await loadUser();
}

export async function signOut(): Promise<void> {
  const bearer = token;
  forget();
  setState({ status: 'out', user: null });
  await unwrap(
    sessionApi.DELETE('/session', {
      params: { header: { 'x-requested-with': 'fetch' } },
      headers: bearer ? { Authorization: `Bearer ${bearer}` } : {},
    }),
  ).catch(() => undefined);
}
