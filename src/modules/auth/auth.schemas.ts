import { Type, type Static } from 'typebox';

export const Username = Type.String({
  minLength: 3, maxLength: 80, pattern: '^[A-Za-z0-9_.\\-]+$',
  description: '3-80 ASCII letters, digits, "_", "." or "-"; unique case-insensitively',
  examples: ['chef_ana'],
});
export const Password = Type.String({
  minLength: 8, maxLength: 256,
  description: '8-256 characters, any Unicode; compared exactly as given (after NFKC normalization)',
  examples: ['correct horse battery staple'],
});

export const Credentials = Type.Object({ username: Username, password: Password });
export type Credentials = Static<typeof Credentials>;

export const RegisterResponse = Type.Object({ msg: Type.String({ examples: ['User created'] }), id: Type.Integer() });

export const TokenPairResponse = Type.Object({
  access_token: Type.String({ description: 'JWT access token; send as "Authorization: Bearer <token>"' }),
  refresh_token: Type.String({ description: 'Opaque refresh token for POST /refresh; single use, valid JWT_REFRESH_TTL seconds (default 14 days)' }),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Access token lifetime in seconds' }),
});

export const RefreshBody = Type.Object({ refresh_token: Type.String({ minLength: 1, maxLength: 512, description: 'The refresh_token from /login or the last /refresh' }) });
export type RefreshBody = Static<typeof RefreshBody>;

export const ChangePasswordBody = Type.Object({ current_password: Password, new_password: Password });
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
