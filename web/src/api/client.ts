/**
 * The app's only way to the API: the generated, typed client (openapi-fetch over the OpenAPI
 * document's `paths`), with the access token from memory and one retry after a refresh when it
 * has expired.
 */
import { createClient, type paths } from '@gourmet/client';
import { currentToken, refreshSession, sessionState } from '../session';

/** Sent on every request: the session routes require it (a cross-site form cannot send it). */
export const CLIENT_HEADERS = { 'X-Requested-With': 'fetch' } as const;

async function authFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  // A page opened offline has no token yet: back online, its first call (a queued check) trades
  // the cookie for one first, rather than going without and being refused.
  const token = currentToken() ?? (sessionState().status === 'offline' ? await refreshSession().catch(() => null) : null);
  if (token) request.headers.set('Authorization', `Bearer ${token}`);
  const response = await fetch(request);
  if (response.status !== 401 || !token) return response;
  // The access token expired or was revoked: one refresh through the cookie, then one retry.
  const fresh = await refreshSession();
  if (!fresh) return response;
  retry.headers.set('Authorization', `Bearer ${fresh}`);
  return fetch(retry);
}

export const api = createClient({ baseUrl: location.origin, headers: CLIENT_HEADERS, fetch: authFetch });
/** The session routes themselves: no Bearer and no refresh loop. */
export const sessionApi = createClient({ baseUrl: location.origin, headers: CLIENT_HEADERS });

export type Paths = paths;
