import { Type } from 'typebox';
import { JWT_PATTERN } from './auth.schemas.js';

/**
 * The cookie that carries a browser session's refresh token: `__Host-gourmet_refresh` where the
 * service is reached over https (the browser then takes it only from this host, Secure, with
 * Path=/ and no Domain, so no other origin, not a sibling subdomain nor another port over plain
 * http, can set or shadow it), else `gourmet_refresh`, since browsers refuse `__Host-` without
 * Secure. Path=/ either way: a cookie scoped to a narrower path could be shadowed by one an
 * attacker sets for a longer path, which the browser sends first.
 */
export const SESSION_COOKIE_SECURE = '__Host-gourmet_refresh';
export const SESSION_COOKIE_PLAIN = 'gourmet_refresh';
export const SESSION_COOKIE_PATH = '/';
/** Every path a session cookie of either name may have been set with, now or by earlier versions (Path=/session). */
export const SESSION_COOKIE_PATHS = ['/', '/session', '/session/refresh'] as const;
/** The header a browser session request must carry: an HTML form cannot send it, and a cross-origin script needs a CORS preflight we never grant. */
export const CSRF_HEADER = 'x-requested-with';

export const BrowserSessionResponse = Type.Object(
  {
    access_token: Type.String({
      maxLength: 4096,
      pattern: JWT_PATTERN,
      description: 'JWT access token; keep it in memory only and send as "Authorization: Bearer <token>"',
    }),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({
      format: 'int32',
      minimum: 1,
      maximum: 2_147_483_647,
      description: 'Access token lifetime in seconds; refresh before it runs out',
      examples: [900],
    }),
  },
  {
    $id: 'BrowserSession',
    additionalProperties: false,
    description: 'A browser session: the refresh token is in the HttpOnly cookie, never in the body',
    examples: [{ access_token: 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiI3In0.c2lnbmF0dXJl', token_type: 'Bearer', expires_in: 900 }],
  },
);

export const CsrfHeaders = Type.Object({
  [CSRF_HEADER]: Type.String({
    minLength: 1,
    maxLength: 64,
    examples: ['fetch'],
    description: 'Any non-empty value. Required so that a cross-site form or image cannot use the session cookie (403 without it)',
  }),
});
