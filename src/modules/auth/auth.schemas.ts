import { Type, type Static } from 'typebox';

export const Username = Type.String({
  minLength: 3, maxLength: 80, pattern: '^[A-Za-z0-9_.\\-]+$',
  description: '3-80 ASCII letters, digits, "_", "." or "-"; unique case-insensitively',
  examples: ['chef_ana'],
});
/** A password being checked (login, current_password): any length the policy could have let in. */
export const Password = Type.String({
  minLength: 1, maxLength: 256,
  description: 'The password as registered, any Unicode; compared exactly as given (after NFKC normalization)',
  examples: ['correct horse battery staple'],
});

/**
 * A password being set (register, new_password). The length rule is checked by the service on
 * the NFKC form, in code points (PASSWORD_TOO_SHORT): normalizing can merge characters ("e" +
 * combining accent is one "é") or split them ("ﬁ" is "fi"), so a count of the typed UTF-16 units
 * here would be wrong both ways. The schema only bounds the input size.
 */
export const NewPassword = Type.String({
  minLength: 1, maxLength: 256,
  description: 'At least 8 characters, counted as Unicode code points after NFKC normalization (400 PASSWORD_TOO_SHORT '
    + 'otherwise); at most 256 UTF-16 code units as sent. Any Unicode, never trimmed or case-folded.',
  examples: ['correct horse battery staple'],
});

export const Credentials = Type.Object({ username: Username, password: Password });
export type Credentials = Static<typeof Credentials>;
export const NewCredentials = Type.Object({ username: Username, password: NewPassword });

export const RegisterResponse = Type.Object({ msg: Type.String({ examples: ['User created'] }), id: Type.Integer() });

export const TokenPairResponse = Type.Object({
  access_token: Type.String({ description: 'JWT access token; send as "Authorization: Bearer <token>"' }),
  refresh_token: Type.String({ description: 'Opaque refresh token for POST /refresh; single use, valid JWT_REFRESH_TTL seconds (default 14 days)' }),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Access token lifetime in seconds' }),
});

export const RefreshBody = Type.Object({ refresh_token: Type.String({ minLength: 1, maxLength: 512, description: 'The refresh_token from /login or the last /refresh' }) });
export type RefreshBody = Static<typeof RefreshBody>;

export const ChangePasswordBody = Type.Object({ current_password: Password, new_password: NewPassword });
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const MeResponse = Type.Object({ id: Type.Integer(), username: Type.String(), created_at: Type.String({ format: 'date-time' }) });
export const ProtectedResponse = Type.Object({ logged_in_as: Type.String({ description: 'The user id, as a string' }) });

const Jwk = Type.Object({
  kty: Type.String({ examples: ['OKP'] }),
  kid: Type.String(),
  alg: Type.String({ examples: ['EdDSA'] }),
  use: Type.String({ examples: ['sig'] }),
  crv: Type.Optional(Type.String()),
  x: Type.Optional(Type.String()),
  n: Type.Optional(Type.String()),
  e: Type.Optional(Type.String()),
});
export const JwksResponse = Type.Object({
  keys: Type.Array(Jwk, { description: 'Public keys of the asymmetric (EdDSA/RS256) signing keys; empty when only HS256 secrets are configured' }),
});
