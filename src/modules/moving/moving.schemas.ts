import { Type, type Static } from 'typebox';
import { FORMAT_NAMES } from './formats/names.js';
import { SKIP_CODES, SKIP_REASONS } from './skip-codes.js';

export const BINARY = { type: 'string', format: 'binary' } as const;

/** What an upload may be sent as; what counts is the content, not the type. */
export const UPLOAD_TYPES = [
  'application/zip',
  'application/octet-stream',
  'application/gzip',
  'application/json',
  'application/ld+json',
  'text/csv',
  'text/html',
] as const;

export const ImportQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Union([Type.Literal('auto'), ...FORMAT_NAMES.map((f) => Type.Literal(f))], {
        default: 'auto',
        description:
          "The format of the file: `auto` (recognised by its content, never its name), `gourmet` (this service's export), `jsonld` " +
          '(schema.org Recipe: one file, an array, a @graph or a zip of them), `mealie` (1.x backup or the older per-recipe export), `tandoor`, ' +
          '`paprika` (.paprikarecipes or a zip of .paprikarecipe files), `nextcloud`, `copymethat`, `chowdown`, `plantoeat`, `myrecipebox`',
      }),
    ),
    duplicates: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'true: import every recipe even when it is already in the account. Otherwise a recipe with the source URL of one of yours, or ' +
          'without a source URL but with the title and the lines of one of yours, is skipped ("Already in your recipes")',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ImportQuery = Static<typeof ImportQuery>;

export const ImportIdParams = Type.Object(
  {
    id: Type.String({
      format: 'uuid',
      minLength: 36,
      maxLength: 36,
      description: 'The import job id (POST /imports)',
      examples: ['0b7c3f0e-5a55-4c4f-9d0e-2f7a1b6c9d21'],
    }),
  },
  { additionalProperties: false },
);
export type ImportIdParams = Static<typeof ImportIdParams>;

export const SkippedRecipe = Type.Object(
  {
    name: Type.String({ maxLength: 1000, description: 'The recipe as the file names it' }),
    code: Type.Union(
      SKIP_CODES.map((c) => Type.Literal(c)),
      {
        description:
          'Why it was not imported, as a stable code for a client to say in its own language: ' +
          SKIP_CODES.map((c) => `${c} (${SKIP_REASONS[c]})`).join(', ') +
          '. BUSY and NOT_SAVED: the recipe was refused when saved (reason says how, when the refusal said).',
      },
    ),
    reason: Type.String({ maxLength: 4096, description: 'Why it was not imported, in English' }),
  },
  { additionalProperties: false },
);

export const ImportJob = Type.Object(
  {
    id: Type.String({ format: 'uuid', maxLength: 36, description: 'The job id' }),
    status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')], {
      description: 'running while recipes are saved; done; failed when saving stopped part way (error says why; what was saved stays)',
    }),
    format: Type.String({ maxLength: 20, description: 'The format the file was read as', examples: ['mealie'] }),
    total: Type.Integer({ format: 'int32', minimum: 0, maximum: 2_147_483_647, description: 'Recipes in the file' }),
    done: Type.Integer({
      format: 'int32',
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Recipes dealt with so far (imported or skipped)',
    }),
    imported: Type.Array(Type.Integer({ format: 'int32', minimum: 1, maximum: 2_147_483_647 }), {
      maxItems: 1_000_000,
      description: 'Ids of the recipes created, in file order',
    }),
    skipped: Type.Array(SkippedRecipe, { maxItems: 1_000_000, description: 'Recipes not imported, each with its reason' }),
    error: Type.Union([Type.String({ maxLength: 4096 }), Type.Null()], { description: 'Why a failed job stopped, else null' }),
    created_at: Type.String({ format: 'date-time', maxLength: 40 }),
    updated_at: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  { $id: 'ImportJob', additionalProperties: false, description: 'An import and how far it has gone' },
);
