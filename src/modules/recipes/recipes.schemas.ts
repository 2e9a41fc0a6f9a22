import { Type, type Static } from 'typebox';
import { ParsedIngredient } from '../ingredients/ingredients.schemas.js';
import { MAX_FACTOR, MIN_FACTOR } from '../ingredients/scale.js';

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

export const IngredientGroupInput = Type.Object({
  name: Type.Union([Type.String({ maxLength: 200 }), Type.Null()], { description: 'The heading ("For the sauce"), or null for lines without one' }),
  ingredients: Type.Array(Type.String({ maxLength: 500 }), { minItems: 1, maxItems: 500, description: 'The lines under this heading, one ingredient each' }),
}, { additionalProperties: false });

export const RecipeCreate = Type.Object({
  title: fields.title,
  ingredients: Type.Optional(Type.String({ ...fields.ingredients, description: 'One ingredient per line, or comma separated. Required unless ingredient_groups is given' })),
  ingredient_groups: Type.Optional(Type.Array(IngredientGroupInput, {
    minItems: 1, maxItems: 100,
    description: 'Instead of ingredients: the lines under their headings. The recipe\'s ingredients become the lines joined with "\\n" '
      + '(headings left out, at most 10,000 characters), and each ingredient_lines item carries its heading as group. '
      + 'Give either ingredients or ingredient_groups, not both. On update, ingredients alone clears the headings.',
    examples: [[{ name: 'For the dough', ingredients: ['500 g flour', '1 tsp salt'] }, { name: 'For the filling', ingredients: ['2 apples, sliced'] }]],
  })),
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

const nullableNumber = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

export const IngredientLine = Type.Object({
  ...ParsedIngredient.properties,
  group: Type.Union([Type.String(), Type.Null()], { description: 'The heading the line was listed under (ingredient_groups, or the imported page), else null' }),
  display: Type.String({ description: 'The line as a cook would write it: the input itself, or, in a scaled or converted view, the line with the new amount ("1 ½ cups flour")' }),
  converted: Type.Optional(Type.Boolean({ description: 'Only with ?units=: true when the amount is in the asked system (converted or already so); false when it was kept because no conversion is known (count units, or cups to grams without a density for the food)' })),
  original: Type.Optional(Type.Object({
    quantity: nullableNumber('The amount as stored'), quantity_max: nullableNumber('High end of a range as stored'), unit: Type.Union([Type.String(), Type.Null()]),
  }, { description: 'Only in a scaled or converted view: the amount before scaling and conversion' })),
}, { description: 'One parsed ingredient line. In a scaled or converted view (?servings=, ?factor=, ?units=), quantity, quantity_max, unit and alternatives are the new amounts' });

export const ScalingInfo = Type.Object({
  factor: Type.Number({ description: 'What every quantity was multiplied by' }),
  original_servings: Type.Union([Type.Integer(), Type.Null()], { description: 'The servings as stored' }),
  units: Type.Union([Type.Literal('metric'), Type.Literal('us'), Type.Null()], { description: 'The unit system asked for, or null' }),
}, { description: 'Present only in a scaled or converted view (GET /recipes/{id}?servings=|factor=|units=)' });

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
  ingredient_lines: Type.Array(IngredientLine, { description: 'The parse of every line of ingredients, in order (ingredients stays the source of truth)' }),
  scaling: Type.Optional(ScalingInfo),
});
export type Recipe = Static<typeof Recipe>;

export const RecipeList = Type.Array(Recipe);

export const SORTS = ['created_at', '-created_at', 'time_minutes', '-time_minutes', 'title', '-title'] as const;
export type RecipeSort = (typeof SORTS)[number];

export const RecipeListQuery = Type.Object({
  ingredient: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Substring of the ingredients, case-insensitive with full Unicode case folding (ß = ss, İ = i, Kelvin sign = k; accents are kept)' })),
  max_time: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Only recipes with time_minutes <= max_time' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Substring of the title or the ingredients, case-insensitive with full Unicode case folding (as ingredient)' })),
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

export const UNIT_SYSTEMS = ['metric', 'us'] as const;

export const RecipeViewQuery = Type.Object({
  servings: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'Scale the recipe to this many servings (the recipe must have servings; the factor servings/original must be within 0.01-100)' })),
  factor: Type.Optional(Type.Number({ minimum: MIN_FACTOR, maximum: MAX_FACTOR, description: 'Multiply every quantity by this (0.01-100); for recipes without servings. Not together with servings' })),
  units: Type.Optional(Type.Union(UNIT_SYSTEMS.map((u) => Type.Literal(u)), { description: 'Convert volumes and weights: metric (g, kg, ml, l) or us (cups, tbsp, tsp, oz, lb); cups to grams and back only for foods with a known density' })),
}, { additionalProperties: false });
export type RecipeViewQuery = Static<typeof RecipeViewQuery>;

export const RecipeIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Recipe id' }) });
export type RecipeIdParams = Static<typeof RecipeIdParams>;

export const ImportBody = Type.Object({ url: Type.String({ minLength: 1, maxLength: 2048, description: 'URL of a recipe page (http or https)' }) }, { additionalProperties: false });
export type ImportBody = Static<typeof ImportBody>;
