/**
 * The browser session. The access token lives in this module's memory only; the refresh token is
 * an HttpOnly cookie the page cannot read. Nothing goes to localStorage or sessionStorage. On
 * page load `restoreSession` trades the cookie for a new access token; refreshes are serialised
 * across tabs, because two concurrent refreshes of one cookie would look like token theft to the
 * server and end the session: with the Web Locks API where there is one (a secure context), else
 * with a lock in IndexedDB (plain http on a LAN name has no `navigator.locks`).
 *
 * Offline, the refresh cannot reach the server: that is not a sign-out. The session is then
 * `offline`, with the user the service worker kept (`/me`, web/public/sw.js), so the pages read
 * what was kept; back online, the cookie is traded for a token and the session is `in` again.
 * Signing out (or a refresh the server refuses) deletes what the worker kept.
 */
import { sessionApi, api } from './api/client';
import { ApiProblem, offline, unwrap } from './api/problem';
import { withStoredLock } from './idb';

export interface User {
  id: number;
  username: string;
  role: 'admin' | 'member';
  householdId: number;
  defaultVisibility: 'public' | 'household' | 'private';
}
export interface SessionState {
  status: 'loading' | 'in' | 'offline' | 'out' | 'error';
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

/** The answers the service worker kept for offline reading (its DATA cache): not for the next user of the device. */
function dropKept(): void {
  if (typeof caches !== 'undefined') void caches.delete('gourmet-data-v1').catch(() => undefined);
}

async function doRefresh(): Promise<string | null> {
  // No answer at all (offline) is the offline problem, which restoreSession tells from a refusal.
  const result = await sessionApi
    .POST('/session/refresh', { params: { header: { 'x-requested-with': 'fetch' } } })
    .catch(() => Promise.reject(offline()));
  if (result.response.status === 401) {
    forget();
    dropKept();
    if (state.status === 'in' || state.status === 'offline') setState({ status: 'out', user: null });
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

async function loadUser(status: 'in' | 'offline' = 'in'): Promise<void> {
  const { data } = await unwrap(api.GET('/me'));
  setState({
    status,
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
    const problem = err instanceof ApiProblem ? err : undefined;
    // No network: the user the worker kept, if it kept one (else the offline problem, with a retry).
    if (problem?.status === 0) await loadUser('offline').catch(() => setState({ status: 'error', user: null, problem }));
    else setState({ status: 'error', user: null, problem });
  }
}

/** Back online after an offline start: the session again, without leaving the page shown. */
async function resume(): Promise<void> {
  if (state.status !== 'offline') return;
  try {
    if (await refreshSession()) await loadUser();
  } catch {
    // Still unreachable: stay offline until the next `online` event.
  }
}
if (typeof addEventListener === 'function') addEventListener('online', () => void resume());

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
  dropKept();
  setState({ status: 'out', user: null });
  await unwrap(
    sessionApi.DELETE('/session', {
      params: { header: { 'x-requested-with': 'fetch' } },
      headers: bearer ? { Authorization: `Bearer ${bearer}` } : {},
    }),
  ).catch(() => undefined);
}
