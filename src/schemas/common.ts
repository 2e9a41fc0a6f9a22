/**
 * Schemas shared by every module. A schema with an `$id` becomes a named component of the
 * OpenAPI document (`#/components/schemas/<$id>`), referenced wherever a route uses it
 * (src/plugins/swagger.ts); the same object still validates and serializes inline.
 */
import { Type, type Static } from 'typebox';
import { ERROR_CODES } from '../errors.js';

export const ValidationIssue = Type.Object(
  {
    path: Type.String({
      maxLength: 1000,
      description: 'Where: the request part and the field, e.g. `body.title` or `querystring.sort`',
      examples: ['body.title'],
    }),
    message: Type.String({ maxLength: 1000, description: 'What is wrong with it', examples: ['must NOT have fewer than 1 characters'] }),
  },
  { $id: 'ValidationIssue', additionalProperties: false, description: 'One problem found in a request' },
);
export type ValidationIssue = Static<typeof ValidationIssue>;

const errorFields = {
  error: Type.String({ maxLength: 4096, description: 'Human-readable message' }),
  details: Type.Optional(Type.Array(ValidationIssue, { maxItems: 100, description: 'The problems found (validation errors only)' })),
};

/** The contract's error body: `{"error": "...", "code": "..."}`, the code one of the catalogue's. */
export const ErrorResponse = Type.Object(
  {
    error: errorFields.error,
    code: Type.Enum([...ERROR_CODES], { description: 'Stable machine-readable error code (the catalogue in src/errors.ts)' }),
    details: errorFields.details,
  },
  { $id: 'Error', additionalProperties: false, description: 'Error', examples: [{ error: 'Recipe not found', code: 'NOT_FOUND' }] },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

/** A 400: the request is malformed or breaks a schema; `details` says where. */
export const ValidationErrorResponse = Type.Object(
  {
    error: errorFields.error,
    code: Type.Enum(['VALIDATION_FAILED', 'BAD_REQUEST', 'PASSWORD_TOO_SHORT', 'PASSWORD_UNCHANGED', 'INVALID_TAGS'], {
      description:
        'VALIDATION_FAILED when a schema refused the request; PASSWORD_TOO_SHORT, PASSWORD_UNCHANGED or INVALID_TAGS for the rules the service checks; BAD_REQUEST otherwise (e.g. a body that is not JSON)',
    }),
    details: errorFields.details,
  },
  {
    $id: 'ValidationError',
    additionalProperties: false,
    description: 'The request is invalid',
    examples: [
      {
        error: 'Invalid request: body.title must NOT have fewer than 1 characters',
        code: 'VALIDATION_FAILED',
        details: [{ path: 'body.title', message: 'must NOT have fewer than 1 characters' }],
      },
    ],
  },
);

/**
 * The `security` of a route that needs a Bearer access token (the BearerAuth scheme declared in
 * src/plugins/swagger.ts). The swagger plugin documents 401 for every such route.
 */
export const bearerAuth = [{ BearerAuth: [] }];
/** Admin routes: the same Bearer token, of an admin account (its own scheme, so the document says so). */
export const adminBearerAuth = [{ AdminBearerAuth: [] }];

export const MessageResponse = Type.Object(
  {
    msg: Type.String({ maxLength: 200, examples: ['Logged out'] }),
  },
  { $id: 'Message', additionalProperties: false },
);

/** A recipe's visibility (migration 020), as every schema that names it has it. */
export const RecipeVisibilitySchema = Type.Union([Type.Literal('public'), Type.Literal('household'), Type.Literal('private')], {
  description:
    "Who may see the recipe: public (every signed-in user), household (the owner's household) or private (the owner). " +
    'A recipe the caller may not see is 404 and is in none of their lists, counts or tag counts. New recipes take RECIPE_DEFAULT_VISIBILITY (public by default)',
  examples: ['household'],
});
