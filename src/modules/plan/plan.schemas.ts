import { Type, type Static } from 'typebox';
import { RecipeImage } from '../images/images.schemas.js';

const Id = (description: string) => Type.Integer({ format: 'int32', minimum: 1, maximum: 2_147_483_647, description, examples: [7] });

export const SLOTS = ['breakfast', 'lunch', 'dinner', 'snack'] as const;
export const Slot = Type.Union([Type.Literal('breakfast'), Type.Literal('lunch'), Type.Literal('dinner'), Type.Literal('snack')], {
  description: 'The meal: breakfast, lunch, dinner or snack',
});

export const PlanDate = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  minLength: 10,
  maxLength: 10,
  description: 'A calendar date, YYYY-MM-DD',
  examples: ['2026-12-07'],
});

export const Servings = Type.Integer({ format: 'int32', minimum: 1, maximum: 100, description: 'Servings planned (1-100)', examples: [4] });
const Note = Type.String({ minLength: 1, maxLength: 500, description: 'A note (1-500 characters): "leftovers", "eat out"' });

export const RecipeSummary = Type.Object(
  {
    id: Id('Recipe id'),
    title: Type.String({ maxLength: 200 }),
    time_minutes: Type.Union([Type.Integer({ format: 'int32', minimum: 0, maximum: 10_080 }), Type.Null()], {
      description: 'Minutes, or null when unknown',
    }),
    image: Type.Union([RecipeImage, Type.Null()], { description: 'The recipe’s picture, or null' }),
  },
  { $id: 'PlanRecipeSummary', additionalProperties: false, description: 'What the plan shows of a recipe' },
);

export const PlanEntry = Type.Object(
  {
    id: Id('Plan entry id'),
    date: PlanDate,
    slot: Slot,
    recipe_id: Type.Union([Id('Recipe id'), Type.Null()], {
      description: 'The recipe planned, or null (a note only, or a recipe the caller may not see)',
    }),
    recipe: Type.Union([RecipeSummary, Type.Null()]),
    note: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
    servings: Type.Union([Type.Integer({ format: 'int32', minimum: 1, maximum: 2_147_483_647 }), Type.Null()], {
      description: 'Servings planned; null when neither the entry nor its recipe says',
    }),
  },
  {
    $id: 'PlanEntry',
    additionalProperties: false,
    description: 'A meal-plan entry of the household',
    examples: [{ id: 3, date: '2026-12-07', slot: 'dinner', recipe_id: 7, recipe: null, note: null, servings: 4 }],
  },
);
export type PlanEntry = Static<typeof PlanEntry>;

export const PlanEntries = Type.Array(PlanEntry, { maxItems: 100_000, description: 'Entries by date, then slot (breakfast first)' });

export const PlanRange = Type.Object(
  { from: PlanDate, to: PlanDate },
  { additionalProperties: false, description: 'Both ends included; at most 92 days' },
);
export type PlanRange = Static<typeof PlanRange>;

export const PlanCreate = Type.Object(
  {
    date: PlanDate,
    slot: Slot,
    recipe_id: Type.Optional(Type.Union([Id('A recipe the caller may see'), Type.Null()])),
    note: Type.Optional(Type.Union([Note, Type.Null()])),
    servings: Type.Optional(Type.Union([Servings, Type.Null()])),
  },
  { $id: 'PlanCreate', additionalProperties: false, description: 'An entry: a recipe_id, a note, or both' },
);
export type PlanCreate = Static<typeof PlanCreate>;

export const PlanUpdate = Type.Partial(PlanCreate, {
  $id: 'PlanUpdate',
  additionalProperties: false,
  description: 'Any of the fields; null clears recipe_id, note or servings',
});
export type PlanUpdate = Static<typeof PlanUpdate>;

export const PlanParams = Type.Object({ id: Id('Plan entry id') });

export const FeedToken = Type.Object(
  {
    token: Type.String({ minLength: 16, maxLength: 128, description: 'The feed token, shown only now (only its hash is kept)' }),
    url: Type.String({ maxLength: 300, description: 'The feed’s path with the token, to give a calendar app' }),
  },
  { $id: 'PlanFeedToken', additionalProperties: false },
);

export const FeedQuery = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 128, description: 'The feed token from POST /plan/feed-token' })),
});
