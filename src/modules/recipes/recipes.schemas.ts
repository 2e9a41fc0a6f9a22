import { Type, type Static } from 'typebox';
import { HTTP_URL_MAX_LENGTH, HTTP_URL_PATTERN } from '../../lib/http-url.js';
import { ParsedIngredient } from '../ingredients/ingredients.schemas.js';
import { MAX_FACTOR, MIN_FACTOR } from '../ingredients/scale.js';
import { RecipeImage } from '../images/images.schemas.js';
import { RecipeVisibilitySchema } from '../../schemas/common.js';

/** `format: uri` is checked with the WHATWG URL parser (src/plugins/validation.ts); the pattern keeps it http(s) without spaces or quotes. */
const httpUrl = (description: string, example: string) =>
  Type.String({ format: 'uri', maxLength: HTTP_URL_MAX_LENGTH, pattern: HTTP_URL_PATTERN, description, examples: [example] });
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T, description?: string) =>
  Type.Union([t, Type.Null()], description ? { description } : {});

const fields = {
  id: Type.Integer({ format: 'int32', minimum: 1, maximum: 2_147_483_647, description: 'Recipe id', examples: [42] }),
  title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', examples: ['Saffron risotto'] }),
  ingredients: Type.String({
    minLength: 1,
    maxLength: 10_000,
    pattern: '\\S',
    description: 'One ingredient per line, or comma separated',
    examples: ['arborio rice\nsaffron\nparmesan'],
  }),
  time_minutes: Type.Union([Type.Integer({ format: 'int32', minimum: 0, maximum: 10_080, examples: [35] }), Type.Null()], {
    description:
      'Total time in minutes (at most a week), or null when unknown. A recipe with an unknown time never matches max_time and ' +
      'sorts after every known time in both directions of sort=time_minutes',
  }),
  instructions: Nullable(
    Type.String({ maxLength: 50_000, examples: ['Toast the rice, add the stock ladle by ladle, finish with saffron and parmesan.'] }),
    'Method, free text',
  ),
  servings: Nullable(Type.Integer({ format: 'int32', minimum: 1, maximum: 10_000, examples: [4] }), 'How many people it serves'),
  source_url: Nullable(
    httpUrl('Where the recipe comes from: an absolute http(s) URL', 'https://cooking.example.org/saffron-risotto'),
    'Where the recipe comes from',
  ),
  image_url: Nullable(
    httpUrl('A picture of the dish: an absolute http(s) URL', 'https://cooking.example.org/img/saffron-risotto.jpg'),
    'A picture of the dish',
  ),
  owner_id: Type.Integer({
    format: 'int32',
    minimum: 1,
    maximum: 2_147_483_647,
    description: 'Id of the user who created it',
    examples: [7],
  }),
  visibility: RecipeVisibilitySchema,
  timestamp: (description: string) =>
    Type.String({ format: 'date-time', maxLength: 40, description, examples: ['2025-01-31T18:30:00.000Z'] }),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    maxItems: 20,
    description:
      'Up to 20 tags of 1-40 characters. Stored normalised: NFKC, trimmed, inner whitespace collapsed, case-folded as search ' +
      'folds text (ß is ss, final ς is σ), duplicates dropped (so "Vegan" and " vegan", "ΟΔΟΣ" and "οδος" are one tag). Control, format and ' +
      'bidirectional characters and lone surrogates are refused (400 INVALID_TAGS). An update replaces the whole list; [] removes every tag.',
    examples: [['vegetarian', 'quick']],
  }),
};

export const IngredientGroupInput = Type.Object(
  {
    name: Type.Union([Type.String({ maxLength: 200 }), Type.Null()], {
      description: 'The heading ("For the sauce"), or null for lines without one',
    }),
    ingredients: Type.Array(Type.String({ maxLength: 500 }), {
      minItems: 1,
      maxItems: 500,
      description: 'The lines under this heading, one ingredient each',
    }),
  },
  { additionalProperties: false },
);

export const RecipeCreate = Type.Object(
  {
    title: fields.title,
    ingredients: Type.Optional(
      Type.String({
        ...fields.ingredients,
        description: 'One ingredient per line, or comma separated. Required unless ingredient_groups is given',
      }),
    ),
    ingredient_groups: Type.Optional(
      Type.Array(IngredientGroupInput, {
        minItems: 1,
        maxItems: 100,
        description:
          'Instead of ingredients: the lines under their headings. The recipe\'s ingredients become the lines joined with "\\n" ' +
          '(headings left out, at most 10,000 characters), and each ingredient_lines item carries its heading as group. ' +
          'Give either ingredients or ingredient_groups, not both. On update, ingredient_groups replaces every heading, while ingredients text keeps the headings of the lines it keeps (see updateRecipe).',
        examples: [
          [
            { name: 'For the dough', ingredients: ['500 g flour', '1 tsp salt'] },
            { name: 'For the filling', ingredients: ['2 apples, sliced'] },
          ],
        ],
      }),
    ),
    time_minutes: Type.Optional(fields.time_minutes),
    instructions: Type.Optional(fields.instructions),
    servings: Type.Optional(fields.servings),
    source_url: Type.Optional(fields.source_url),
    image_url: Type.Optional(fields.image_url),
    tags: Type.Optional(fields.tags),
    visibility: Type.Optional(fields.visibility),
  },
  {
    $id: 'RecipeCreate',
    additionalProperties: false,
    description:
      'A new recipe: title and ingredients (or ingredient_groups) are required; time_minutes left out (or null) means the time is unknown. No text field may hold control characters (U+0000-U+001F, ' +
      'U+007F-U+009F; line breaks and tabs are allowed in ingredients, instructions and group lines), bidirectional controls (U+061C, U+200E, ' +
      'U+200F, U+202A-U+202E, U+2066-U+2069) or lone surrogates: 400 naming the field',
    examples: [
      {
        title: 'Saffron risotto',
        ingredients: 'arborio rice\nsaffron\nparmesan',
        time_minutes: 35,
        servings: 4,
        source_url: 'https://cooking.example.org/saffron-risotto',
      },
    ],
  },
);
export type RecipeCreate = Static<typeof RecipeCreate>;

export const RecipeUpdate = Type.Partial(RecipeCreate, {
  $id: 'RecipeUpdate',
  additionalProperties: false,
  minProperties: 1,
  description: 'Any subset of the fields; the others keep their values. The text fields follow the rules of RecipeCreate',
  examples: [{ time_minutes: 30 }],
});
export type RecipeUpdate = Static<typeof RecipeUpdate>;

const nullableNumber = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

export const IngredientLine = Type.Object(
  {
    ...ParsedIngredient.properties,
    input: Type.String({ maxLength: 10_000, description: 'The line as stored (a line of ingredients)' }),
    group: Type.Union([Type.String({ maxLength: 200 }), Type.Null()], {
      description: 'The heading the line was listed under (ingredient_groups, or the imported page), else null',
    }),
    display: Type.String({
      maxLength: 10_100,
      description:
        'The line as the cook wrote it: the input itself, or, in a scaled or converted view, the input with only its amounts and their units replaced, every other word kept in place ("2 x 400g tins chickpeas" ×2 → "4 x 400g tins chickpeas", "juice of 2 limes" → "juice of 4 limes", "500g/1lb leeks" → "1 kg/2 lb leeks"; a count may turn plural: "1 egg" → "2 eggs"). Where the parse and the text disagree, the input unchanged with the factor beside it ("3 large carrots (×2)")',
    }),
    converted: Type.Optional(
      Type.Boolean({
        description:
          'Only with ?units=: true when the amount is in the asked system (converted or already so); false when it was kept because no conversion is known (count units, or a US volume of a food without a known density, which keeps its cups), or when display shows the line unchanged',
      }),
    ),
    original: Type.Optional(
      Type.Object(
        {
          quantity: nullableNumber('The amount as stored'),
          quantity_max: nullableNumber('High end of a range as stored'),
          unit: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
        },
        { description: 'Only in a scaled or converted view: the amount before scaling and conversion' },
      ),
    ),
  },
  {
    description:
      'One parsed ingredient line. In a scaled or converted view (?servings=, ?factor=, ?units=), quantity, quantity_max, unit and alternatives are the new amounts',
  },
);

export const ScalingInfo = Type.Object(
  {
    factor: Type.Number({ description: 'What every quantity was multiplied by' }),
    original_servings: Type.Union([Type.Integer({ format: 'int32', minimum: 1, maximum: 10_000 }), Type.Null()], {
      description: 'The servings as stored',
    }),
    units: Type.Union([Type.Literal('metric'), Type.Literal('us'), Type.Null()], { description: 'The unit system asked for, or null' }),
  },
  { description: 'Present only in a scaled or converted view (GET /recipes/{id}?servings=|factor=|units=)' },
);

export const Recipe = Type.Object(
  {
    id: fields.id,
    title: fields.title,
    ingredients: fields.ingredients,
    time_minutes: fields.time_minutes,
    instructions: fields.instructions,
    servings: fields.servings,
    source_url: fields.source_url,
    image_url: fields.image_url,
    image: Type.Union([RecipeImage, Type.Null()], {
      description:
        "The picture stored here (PUT /recipes/{id}/image, or the imported page's), or null. image_url keeps where a picture came from",
    }),
    owner_id: fields.owner_id,
    visibility: fields.visibility,
    created_at: fields.timestamp('When it was created (UTC)'),
    updated_at: fields.timestamp('When it was last changed (UTC)'),
    tags: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20, description: 'Normalised tags (lower-case), in the order given' }),
    ingredient_lines: Type.Array(IngredientLine, {
      maxItems: 10_000,
      description: 'The parse of every line of ingredients, in order (ingredients stays the source of truth)',
    }),
    scaling: Type.Optional(ScalingInfo),
  },
  { $id: 'Recipe', additionalProperties: false, description: 'A recipe of the catalog' },
);
export type Recipe = Static<typeof Recipe>;

export const RecipeList = Type.Array(Recipe, { maxItems: 100, description: 'One page of recipes (at most `limit`)' });

export const RecipeSummary = Type.Object(
  {
    id: fields.id,
    title: fields.title,
    time_minutes: fields.time_minutes,
    servings: fields.servings,
    source_url: fields.source_url,
    image_url: fields.image_url,
    image: Recipe.properties.image,
    owner_id: fields.owner_id,
    visibility: fields.visibility,
    created_at: fields.timestamp('When it was created (UTC)'),
    updated_at: fields.timestamp('When it was last changed (UTC)'),
    tags: Recipe.properties.tags,
  },
  {
    $id: 'RecipeSummary',
    additionalProperties: false,
    description:
      'A recipe as a card shows it (GET /recipes?fields=summary): the Recipe without ingredients, instructions and ingredient_lines',
  },
);
export type RecipeSummary = Static<typeof RecipeSummary>;

export const RecipeSummaryList = Type.Array(RecipeSummary, {
  maxItems: 100,
  description: 'One page of recipe summaries (fields=summary; at most `limit`)',
});

export const LIST_FIELDS = ['full', 'summary'] as const;

export const SORTS = ['created_at', '-created_at', 'time_minutes', '-time_minutes', 'title', '-title'] as const;
export type RecipeSort = (typeof SORTS)[number];

/**
 * Search text: 1–200 characters without control characters (C0, DEL, C1). A NUL would end the
 * text early in SQLite's FTS5 and is refused by PostgreSQL, and no recipe is searched for a tab
 * or a line break, so such input is refused with 400 instead of being half-searched.
 */
const SearchText = (description: string) =>
  Type.String({
    minLength: 1,
    maxLength: 200,
    pattern: '^[^\\u0000-\\u001F\\u007F-\\u009F]*$',
    description: `${description}. 1–200 characters; control characters (U+0000–U+001F, U+007F–U+009F, e.g. %00 or a line break) are refused with 400.`,
  });

// No examples on the filters: Swagger UI would prefill them and Try it out would list a filtered page.
export const RecipeListQuery = Type.Object(
  {
    ingredient: Type.Optional(
      SearchText(
        'Substring of the ingredients, case-insensitive with full Unicode case folding (ß = ss, İ = i, Kelvin sign = k; accents are kept)',
      ),
    ),
    max_time: Type.Optional(
      Type.Integer({
        format: 'int32',
        minimum: 0,
        maximum: 1_000_000,
        description: 'Only recipes with time_minutes <= max_time (a recipe with an unknown time never matches)',
      }),
    ),
    q: Type.Optional(
      SearchText('Substring of the title or the ingredients, case-insensitive with full Unicode case folding (as ingredient)'),
    ),
    mine: Type.Optional(Type.Boolean({ description: "true: only the caller's recipes" })),
    tag: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        maxItems: 20,
        description:
          'Only recipes with this tag; repeat it (tag=vegan&tag=quick) for recipes with every one of them. Matched case-insensitively (normalised like stored tags).',
      }),
    ),
    limit: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: 100, default: 20, description: 'Page size (default 20)' })),
    offset: Type.Optional(
      Type.Integer({ format: 'int32', minimum: 0, maximum: 1_000_000_000, default: 0, description: 'Matches to skip (default 0)' }),
    ),
    sort: Type.Optional(
      Type.Enum([...SORTS], {
        default: '-created_at',
        description:
          'Sort key; a leading "-" sorts descending (default -created_at). Recipes with an unknown time_minutes come last under both time_minutes and -time_minutes',
      }),
    ),
    fields: Type.Optional(
      Type.Enum([...LIST_FIELDS], {
        description:
          'full (the default): every recipe as a Recipe. summary: each as a RecipeSummary, the fields a card shows, without ' +
          "ingredients, instructions and ingredient_lines (a recipe's parsed lines are most of its bytes).",
      }),
    ),
  },
  { additionalProperties: false },
);
/** The query as the handler sees it: Ajv fills in the defaults, so limit, offset and sort are always there. */
export type RecipeListQuery = Static<typeof RecipeListQuery> & { limit: number; offset: number; sort: RecipeSort };

export const UNIT_SYSTEMS = ['metric', 'us'] as const;

export const RecipeViewQuery = Type.Object(
  {
    servings: Type.Optional(
      Type.Integer({
        format: 'int32',
        minimum: 1,
        maximum: 10_000,
        description:
          'Scale the recipe to this many servings (the recipe must have servings; the factor servings/original must be within 0.01-100)',
      }),
    ),
    factor: Type.Optional(
      Type.Number({
        minimum: MIN_FACTOR,
        maximum: MAX_FACTOR,
        description: 'Multiply every quantity by this (0.01-100); for recipes without servings. Not together with servings',
      }),
    ),
    units: Type.Optional(
      Type.Union(
        UNIT_SYSTEMS.map((u) => Type.Literal(u)),
        {
          description:
            'Convert volumes and weights: metric (g, kg, ml, l) or us (cups, tbsp, tsp, oz, lb); cups to grams or ml and grams to cups only for foods with a known density (other cups stay cups)',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type RecipeViewQuery = Static<typeof RecipeViewQuery>;

export const RecipeIdParams = Type.Object({ id: fields.id });
export type RecipeIdParams = Static<typeof RecipeIdParams>;

/** POST /recipes/import's query: the new recipe's visibility (RECIPE_DEFAULT_VISIBILITY when left out). */
export const ImportQuery = Type.Object({ visibility: Type.Optional(RecipeVisibilitySchema) }, { additionalProperties: false });
export type ImportQuery = Static<typeof ImportQuery>;
