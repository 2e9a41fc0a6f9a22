import { Type, type Static } from 'typebox';
import { HTTP_URL_MAX_LENGTH, HTTP_URL_PATTERN } from '../../lib/http-url.js';

/** `format: uri` is checked with the WHATWG URL parser (src/plugins/validation.ts); the pattern keeps it http(s) without spaces or quotes. */
const httpUrl = (description: string, example: string) => Type.String({ format: 'uri', maxLength: HTTP_URL_MAX_LENGTH, pattern: HTTP_URL_PATTERN, description, examples: [example] });
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T, description?: string) =>
  Type.Union([t, Type.Null()], description ? { description } : {});

const fields = {
  id: Type.Integer({ format: 'int32', minimum: 1, maximum: 2_147_483_647, description: 'Recipe id', examples: [42] }),
  title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', examples: ['Saffron risotto'] }),
  ingredients: Type.String({ minLength: 1, maxLength: 10_000, pattern: '\\S', description: 'One ingredient per line, or comma separated', examples: ['arborio rice\nsaffron\nparmesan'] }),
  time_minutes: Type.Integer({ format: 'int32', minimum: 0, maximum: 10_080, description: 'Total time in minutes (at most a week)', examples: [35] }),
  instructions: Nullable(Type.String({ maxLength: 50_000, examples: ['Toast the rice, add the stock ladle by ladle, finish with saffron and parmesan.'] }), 'Method, free text'),
  servings: Nullable(Type.Integer({ format: 'int32', minimum: 1, maximum: 10_000, examples: [4] }), 'How many people it serves'),
  source_url: Nullable(httpUrl('Where the recipe comes from: an absolute http(s) URL', 'https://cooking.example.org/saffron-risotto'), 'Where the recipe comes from'),
  image_url: Nullable(httpUrl('A picture of the dish: an absolute http(s) URL', 'https://cooking.example.org/img/saffron-risotto.jpg'), 'A picture of the dish'),
  owner_id: Type.Integer({ format: 'int32', minimum: 1, maximum: 2_147_483_647, description: 'Id of the user who created it', examples: [7] }),
  timestamp: (description: string) => Type.String({ format: 'date-time', maxLength: 40, description, examples: ['2025-01-31T18:30:00.000Z'] }),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    maxItems: 20,
    description: 'Up to 20 tags of 1-40 characters. Stored normalised: NFKC, trimmed, inner whitespace collapsed, lower-cased, '
      + 'duplicates dropped (so "Vegan" and " vegan" are one tag). An update replaces the whole list; [] removes every tag.',
    examples: [['vegetarian', 'quick']],
  }),
};

export const RecipeCreate = Type.Object({
  title: fields.title,
  ingredients: fields.ingredients,
  time_minutes: fields.time_minutes,
  instructions: Type.Optional(fields.instructions),
  servings: Type.Optional(fields.servings),
  source_url: Type.Optional(fields.source_url),
  image_url: Type.Optional(fields.image_url),
  tags: Type.Optional(fields.tags),
}, {
  $id: 'RecipeCreate', additionalProperties: false, description: 'A new recipe: title, ingredients and time_minutes are required',
  examples: [{ title: 'Saffron risotto', ingredients: 'arborio rice\nsaffron\nparmesan', time_minutes: 35, servings: 4, source_url: 'https://cooking.example.org/saffron-risotto' }],
});
export type RecipeCreate = Static<typeof RecipeCreate>;

export const RecipeUpdate = Type.Partial(RecipeCreate, {
  $id: 'RecipeUpdate', additionalProperties: false, minProperties: 1,
  description: 'Any subset of the fields; the others keep their values', examples: [{ time_minutes: 30 }],
});
export type RecipeUpdate = Static<typeof RecipeUpdate>;

export const Recipe = Type.Object({
  id: fields.id,
  title: fields.title,
  ingredients: fields.ingredients,
  time_minutes: fields.time_minutes,
  instructions: fields.instructions,
  servings: fields.servings,
  source_url: fields.source_url,
  image_url: fields.image_url,
  owner_id: fields.owner_id,
  created_at: fields.timestamp('When it was created (UTC)'),
  updated_at: fields.timestamp('When it was last changed (UTC)'),
  tags: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20, description: 'Normalised tags (lower-case), in the order given' }),
}, { $id: 'Recipe', additionalProperties: false, description: 'A recipe of the catalog' });
export type Recipe = Static<typeof Recipe>;

export const RecipeList = Type.Array(Recipe, { maxItems: 100, description: 'One page of recipes (at most `limit`)' });

export const SORTS = ['created_at', '-created_at', 'time_minutes', '-time_minutes', 'title', '-title'] as const;
export type RecipeSort = (typeof SORTS)[number];

// No examples on the filters: Swagger UI would prefill them and Try it out would list a filtered page.
export const RecipeListQuery = Type.Object({
  ingredient: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Case-insensitive substring of the ingredients' })),
  max_time: Type.Optional(Type.Integer({ format: 'int32', minimum: 0, maximum: 1_000_000, description: 'Only recipes with time_minutes <= max_time' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Case-insensitive search in title and ingredients' })),
  mine: Type.Optional(Type.Boolean({ description: "true: only the caller's recipes" })),
  tag: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    maxItems: 20,
    description: 'Only recipes with this tag; repeat it (tag=vegan&tag=quick) for recipes with every one of them. Matched case-insensitively (normalised like stored tags).',
  })),
  limit: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: 100, default: 20, description: 'Page size (default 20)' })),
  offset: Type.Optional(Type.Integer({ format: 'int32', minimum: 0, maximum: 1_000_000_000, default: 0, description: 'Matches to skip (default 0)' })),
  sort: Type.Optional(Type.Enum([...SORTS], { default: '-created_at', description: 'Sort key; a leading "-" sorts descending (default -created_at)' })),
}, { additionalProperties: false });
/** The query as the handler sees it: Ajv fills in the defaults, so limit, offset and sort are always there. */
export type RecipeListQuery = Static<typeof RecipeListQuery> & { limit: number; offset: number; sort: RecipeSort };

export const RecipeIdParams = Type.Object({ id: fields.id });
export type RecipeIdParams = Static<typeof RecipeIdParams>;

export const ImportBody = Type.Object({
  url: Type.String({ minLength: 1, maxLength: HTTP_URL_MAX_LENGTH, description: 'URL of a recipe page (http or https)', examples: ['https://cooking.example.org/saffron-risotto'] }),
}, { $id: 'RecipeImport', additionalProperties: false, description: 'The page to import a recipe from' });
export type ImportBody = Static<typeof ImportBody>;
