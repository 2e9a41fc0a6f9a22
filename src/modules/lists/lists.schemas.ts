import { Type, type Static } from 'typebox';
import { PlanDate } from '../plan/plan.schemas.js';

const Count = (description?: string) =>
  Type.Integer({ format: 'int32', minimum: 0, maximum: 2_147_483_647, ...(description ? { description } : {}) });
const Id = (description: string) => Type.Integer({ format: 'int32', minimum: 1, maximum: 2_147_483_647, description, examples: [7] });
const ItemId = Type.String({ minLength: 1, maxLength: 36, pattern: '^[A-Za-z0-9-]+$', description: 'An item id' });

export const Category = Type.Union(
  [
    Type.Literal('produce'),
    Type.Literal('dairy'),
    Type.Literal('meat-fish'),
    Type.Literal('bakery'),
    Type.Literal('pantry'),
    Type.Literal('spices'),
    Type.Literal('frozen'),
    Type.Literal('drinks'),
    Type.Literal('other'),
  ],
  { description: 'An aisle: produce, dairy, meat-fish, bakery, pantry, spices, frozen, drinks or other' },
);

const ListName = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '\\S',
  description: 'The list’s name (1-100 characters)',
  examples: ['Saturday market'],
});

export const ListItemView = Type.Object(
  {
    id: ItemId,
    text: Type.String({ maxLength: 2000, description: 'The item as a shopper reads it ("450 g flour", "2 cans + 200 g tomatoes")' }),
    quantity: Type.Union([Type.Number(), Type.Null()], { description: 'The first amount as shown, or null' }),
    quantity_max: Type.Union([Type.Number(), Type.Null()], { description: 'The high end of a range, or null' }),
    unit: Type.Union([Type.String({ maxLength: 50 }), Type.Null()]),
    food: Type.String({ maxLength: 300, description: 'The food’s name as its first line wrote it' }),
    category: Category,
    checked: Type.Boolean(),
    sources: Type.Array(
      Type.Object(
        { recipe_id: Type.Union([Id('Recipe id'), Type.Null()]), servings: Type.Union([Type.Number({ maximum: 1000 }), Type.Null()]) },
        { additionalProperties: false },
      ),
      { maxItems: 10_000, description: 'One per recipe and servings that went into the item (recipe_id null: typed by hand)' },
    ),
  },
  { $id: 'ListItem', additionalProperties: false },
);
export type ListItemView = Static<typeof ListItemView>;

export const ListSummary = Type.Object(
  {
    id: Id('List id'),
    name: Type.String({ maxLength: 100 }),
    items: Count('How many items'),
    checked: Count('How many of them are checked'),
  },
  { $id: 'ListSummary', additionalProperties: false },
);

export const SkipReport = Type.Object(
  {
    count: Count(),
    by_reason: Type.Object({ pantry: Count(), 'no-food': Count() }, { additionalProperties: false }),
    lines: Type.Array(
      Type.Object(
        {
          recipe_id: Type.Union([Id('Recipe id'), Type.Null()]),
          line: Type.String({ maxLength: 10_000 }),
          food: Type.Union([Type.String({ maxLength: 10_000 }), Type.Null()]),
          reason: Type.Union([Type.Literal('pantry'), Type.Literal('no-food')]),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100_000 },
    ),
  },
  { $id: 'ListSkipReport', additionalProperties: false, description: 'Lines not added: pantry foods, lines that name no food' },
);

export const ShoppingList = Type.Object(
  {
    id: Id('List id'),
    name: Type.String({ maxLength: 100 }),
    items: Type.Array(ListItemView, { maxItems: 100_000, description: 'In the order they were added' }),
    skipped: Type.Optional(SkipReport),
  },
  { $id: 'ShoppingList', additionalProperties: false },
);

export const ListNameBody = Type.Object({ name: ListName }, { $id: 'ListName', additionalProperties: false });
export const ListParams = Type.Object({ id: Id('List id') });
export const ItemParams = Type.Object({ id: Id('List id'), item_id: ItemId });
export const RecipeParams = Type.Object({ id: Id('List id'), recipe_id: Id('Recipe id') });
export const AddItemBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S', description: 'A line to buy ("2 onions", "batteries")' }) },
  { $id: 'ListAddItem', additionalProperties: false },
);
export const AddRecipeBody = Type.Object(
  {
    recipe_id: Id('A recipe the caller may see'),
    servings: Type.Optional(Type.Number({ minimum: 0.1, maximum: 1000, description: 'Servings to buy for (default the recipe’s)' })),
  },
  { $id: 'ListAddRecipe', additionalProperties: false },
);
export const AddPlanBody = Type.Object({ from: PlanDate, to: PlanDate }, { $id: 'ListAddPlan', additionalProperties: false });
export const PatchItemBody = Type.Object(
  {
    checked: Type.Optional(Type.Boolean()),
    text: Type.Optional(
      Type.String({ minLength: 1, maxLength: 500, pattern: '\\S', description: 'The line again, as typed: the item becomes that line' }),
    ),
    category: Type.Optional(Category),
  },
  { $id: 'ListPatchItem', additionalProperties: false, minProperties: 1 },
);
export type PatchItemBody = Static<typeof PatchItemBody>;

export const Pantry = Type.Object(
  { foods: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 200, description: 'Foods the household always has' }) },
  { $id: 'Pantry', additionalProperties: false },
);

export const EventTicket = Type.Object(
  {
    ticket: Type.String({ maxLength: 128, description: 'Single use, valid 60 seconds: GET /lists/{id}/events?ticket=' }),
    expires_in: Type.Integer({ format: 'int32', minimum: 1, maximum: 3600, description: 'Seconds' }),
  },
  { $id: 'ListEventTicket', additionalProperties: false },
);
export const EventsQuery = Type.Object({
  ticket: Type.Optional(
    Type.String({ maxLength: 128, description: 'A ticket from POST /lists/{id}/events/ticket, for a browser’s EventSource' }),
  ),
});
