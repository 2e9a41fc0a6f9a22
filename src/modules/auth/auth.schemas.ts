import { Type, type Static } from 'typebox';

const UserId = Type.Integer({ format: 'int32', minimum: 1, maximum: 2_147_483_647, description: 'User id', examples: [7] });

export const Username = Type.String({
  minLength: 3,
  maxLength: 80,
  pattern: '^[A-Za-z0-9_.\\-]+$',
  description: '3-80 ASCII letters, digits, "_", "." or "-"; unique case-insensitively',
  examples: ['chef_ana'],
});
/** A password being checked (login, current_password): any length the policy could have let in. */
export const Password = Type.String({
  minLength: 1,
  maxLength: 256,
  format: 'password',
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
  minLength: 1,
  maxLength: 256,
  format: 'password',
  description:
    'At least 8 characters, counted as Unicode code points after NFKC normalization (400 PASSWORD_TOO_SHORT ' +
    'otherwise); at most 256 UTF-16 code units as sent. Any Unicode, never trimmed or case-folded.',
  examples: ['correct horse battery staple'],
});

export const Credentials = Type.Object(
  { username: Username, password: Password },
  {
    $id: 'Credentials',
    additionalProperties: false,
    description: 'A username and its password; unknown fields are refused',
    examples: [{ username: 'chef_ana', password: 'correct horse battery staple' }],
  },
);
export type Credentials = Static<typeof Credentials>;
export const NewCredentials = Type.Object(
  {
    username: Username,
    password: NewPassword,
    invite_code: Type.Optional(
      Type.String({
        minLength: 16,
        maxLength: 128,
        pattern: '^[A-Za-z0-9_-]+$',
        description:
          'A household or admin invitation code: required when REGISTRATION=invite; a household invitation (in any mode) makes the new account a member of that household',
      }),
    ),
  },
  {
    $id: 'NewCredentials',
    additionalProperties: false,
    description: 'A username and the password to register it with (and an invitation code where needed); unknown fields are refused',
    examples: [{ username: 'chef_ana', password: 'correct horse battery staple' }],
  },
);

export const RegisterResponse = Type.Object(
  {
    msg: Type.Literal('User created'),
    id: UserId,
  },
  { $id: 'UserCreated', additionalProperties: false, examples: [{ msg: 'User created', id: 7 }] },
);

export const JWT_PATTERN = '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$';
const REFRESH_PATTERN = '^[A-Za-z0-9_-]+$';

export const TokenPairResponse = Type.Object(
  {
    access_token: Type.String({
      maxLength: 4096,
      pattern: JWT_PATTERN,
      description: 'JWT access token; send as "Authorization: Bearer <token>"',
    }),
    refresh_token: Type.String({
      maxLength: 512,
      pattern: REFRESH_PATTERN,
      description: 'Opaque refresh token for POST /refresh; single use, valid JWT_REFRESH_TTL seconds (default 14 days)',
    }),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({
      format: 'int32',
      minimum: 1,
      maximum: 2_147_483_647,
      description: 'Access token lifetime in seconds',
      examples: [900],
    }),
  },
  {
    $id: 'TokenPair',
    additionalProperties: false,
    description: 'An access token and the refresh token that renews it',
    examples: [
      {
        access_token: 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiI3In0.c2lnbmF0dXJl',
        refresh_token: 'Qm9sbyBkZSBjZW5vdXJhIGNvbSBjb2JlcnR1cmE',
        token_type: 'Bearer',
        expires_in: 900,
      },
    ],
  },
);

export const RefreshBody = Type.Object(
  {
    refresh_token: Type.String({
      minLength: 1,
      maxLength: 512,
      description: 'The refresh_token from /login or the last /refresh',
      examples: ['Qm9sbyBkZSBjZW5vdXJhIGNvbSBjb2JlcnR1cmE'],
    }),
  },
  { $id: 'RefreshRequest', additionalProperties: false },
);
export type RefreshBody = Static<typeof RefreshBody>;

export const ChangePasswordBody = Type.Object(
  { current_password: Password, new_password: NewPassword },
  {
    $id: 'PasswordChange',
    additionalProperties: false,
    examples: [{ current_password: 'correct horse battery staple', new_password: 'saffron risotto at midnight' }],
  },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const MeResponse = Type.Object(
  {
    id: UserId,
    username: Type.String({ maxLength: 80, pattern: '^[A-Za-z0-9_.\\-]+$', examples: ['chef_ana'] }),
    created_at: Type.String({ format: 'date-time', maxLength: 40, examples: ['2025-01-31T18:30:00.000Z'] }),
    role: Type.Union([Type.Literal('admin'), Type.Literal('member')], {
      description: 'admin: may manage accounts (the first account is one); member: everyone else',
    }),
    household_id: Type.Integer({ format: 'int32', minimum: 1, maximum: 2_147_483_647, description: 'The household the user belongs to' }),
    default_visibility: Type.Union([Type.Literal('public'), Type.Literal('household'), Type.Literal('private')], {
      description: 'The visibility a new recipe gets when it names none (RECIPE_DEFAULT_VISIBILITY), for forms to preselect',
    }),
  },
  { $id: 'User', additionalProperties: false, description: 'A user account' },
);

export const ProtectedResponse = Type.Object(
  {
    logged_in_as: Type.String({ maxLength: 10, pattern: '^[0-9]+$', description: 'The user id, as a string', examples: ['7'] }),
  },
  { $id: 'WhoAmI', additionalProperties: false },
);

const b64url = (description: string) => Type.String({ maxLength: 2048, pattern: '^[A-Za-z0-9_-]+$', description });
const Jwk = Type.Object(
  {
    kty: Type.String({ maxLength: 10, pattern: '^[A-Za-z]+$', description: 'Key type: OKP (EdDSA) or RSA', examples: ['OKP'] }),
    kid: Type.String({ maxLength: 200, description: "Key id, as in the tokens' header", examples: ['2025-01'] }),
    alg: Type.String({ maxLength: 10, pattern: '^[A-Za-z0-9]+$', description: 'Signing algorithm: EdDSA or RS256', examples: ['EdDSA'] }),
    use: Type.Literal('sig'),
    crv: Type.Optional(
      Type.String({ maxLength: 10, pattern: '^[A-Za-z0-9]+$', description: 'Curve (OKP keys): Ed25519', examples: ['Ed25519'] }),
    ),
    x: Type.Optional(b64url('Public key (OKP keys)')),
    n: Type.Optional(b64url('Modulus (RSA keys)')),
    e: Type.Optional(b64url('Exponent (RSA keys)')),
  },
  { $id: 'Jwk', description: 'A public signing key (RFC 7517)' },
);
export const JwksResponse = Type.Object(
  {
    keys: Type.Array(Jwk, {
      maxItems: 50,
      description: 'Public keys of the asymmetric (EdDSA/RS256) signing keys; empty when only HS256 secrets are configured',
    }),
  },
  { $id: 'JwkSet', additionalProperties: false, examples: [{ keys: [] }] },
);
