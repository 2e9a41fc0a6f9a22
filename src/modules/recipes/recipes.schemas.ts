import { Type, type Static } from 'typebox';

const HttpUrl = Type.String({ maxLength: 2048, pattern: '^https?://[^\\s]+$', description: 'An http(s) URL' });
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

const fields = {
  title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', examples: ['Saffron risotto'] }),
  ingredients: Type.String({ minLength: 1, maxLength: 10_000, pattern: '\\S', description: 'One ingredient per line, or comma separated', examples: ['arborio rice, saffron, parmesan'] }),
  time_minutes: Type.Integer({ minimum: 0, maximum: 10_080, description: 'Total time in minutes (at most a week)', examples: [35] }),
  instructions: Nullable(Type.String({ maxLength: 50_000 })),
  servings: Nullable(Type.Integer({ minimum: 1, maximum: 10_000 })),
  source_url: Nullable(HttpUrl),
  image_url: Nullable(HttpUrl),
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
}, { additionalProperties: false });
export type RecipeCreate = Static<typeof RecipeCreate>;

export const RecipeUpdate = Type.Partial(RecipeCreate, { additionalProperties: false, minProperties: 1, description: 'Any subset of the fields; the others keep their values' });
export type RecipeUpdate = Static<typeof RecipeUpdate>;

export const Recipe = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  ingredients: Type.String(),
  time_minutes: Type.Integer(),
  instructions: Type.Union([Type.String(), Type.Null()]),
  servings: Type.Union([Type.Integer(), Type.Null()]),
  source_url: Type.Union([Type.String(), Type.Null()]),
  image_url: Type.Union([Type.String(), Type.Null()]),
  owner_id: Type.Integer(),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
  tags: Type.Array(Type.String(), { description: 'Normalised tags (lower-case), in the order given' }),
});
export type Recipe = Static<typeof Recipe>;

export const RecipeList = Type.Array(Recipe);

export const SORTS = ['created_at', '-created_at', 'time_minutes', '-time_minutes', 'title', '-title'] as const;
export type RecipeSort = (typeof SORTS)[number];

export const RecipeListQuery = Type.Object({
  ingredient: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Case-insensitive substring of the ingredients' })),
  max_time: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Only recipes with time_minutes <= max_time' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Case-insensitive search in title and ingredients' })),
  mine: Type.Optional(Type.Boolean({ description: "true: only the caller's recipes" })),
  tag: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    maxItems: 20,
    description: 'Only recipes with this tag; repeat it (tag=vegan&tag=quick) for recipes with every one of them. Matched case-insensitively (normalised like stored tags).',
  })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 }),
  sort: Type.Union(SORTS.map((s) => Type.Literal(s)), { default: '-created_at', description: 'Sort key; a leading "-" sorts descending' }),
}, { additionalProperties: false });
export type RecipeListQuery = Static<typeof RecipeListQuery>;

export const RecipeIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Recipe id' }) });
export type RecipeIdParams = Static<typeof RecipeIdParams>;

export const ImportBody = Type.Object({ url: Type.String({ minLength: 1, maxLength: 2048, description: 'URL of a recipe page (http or https)' }) }, { additionalProperties: false });
export type ImportBody = Static<typeof ImportBody>;
