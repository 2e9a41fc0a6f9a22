import { Type, type Static } from 'typebox';
import { MAX_ALTERNATIVES, MAX_LINE_LENGTH } from './ingredient-parser.js';

/** At most this many lines in one request. */
export const MAX_LINES = 200;

const nullableString = (description: string) => Type.Union([Type.String({ maxLength: MAX_LINE_LENGTH }), Type.Null()], { description });
const nullableNumber = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

export const ParseIngredientsBody = Type.Object(
  {
    ingredients: Type.Array(Type.String({ maxLength: MAX_LINE_LENGTH, description: 'One ingredient line as printed in a recipe' }), {
      minItems: 1,
      maxItems: MAX_LINES,
      description: `1 to ${MAX_LINES} ingredient lines, each at most ${MAX_LINE_LENGTH} characters`,
    }),
  },
  {
    additionalProperties: false,
    examples: [{ ingredients: ['2 cups flour', '200g/7oz butter, softened', '2 cloves garlic, finely chopped', '1,5 EL Olivenöl'] }],
  },
);
export type ParseIngredientsBody = Static<typeof ParseIngredientsBody>;

export const AlternativeAmount = Type.Object(
  {
    quantity: nullableNumber('The amount'),
    quantity_max: nullableNumber('High end of a range, else null'),
    unit: nullableString('Canonical unit name'),
  },
  {
    $id: 'AlternativeAmount',
    additionalProperties: false,
    description: 'Another amount the line gives for the same ingredient ("200g/7oz" → 7 ounce)',
  },
);
export type AlternativeAmount = Static<typeof AlternativeAmount>;

export const ParsedIngredient = Type.Object({
  input: Type.String({ maxLength: MAX_LINE_LENGTH, description: 'The line as sent' }),
  quantity: nullableNumber('The first amount; the low end of a range ("2-3" → 2; "1 ½" → 1.5; "1,5" → 1.5)'),
  quantity_max: nullableNumber('The high end of a range ("2-3" → 3), else null'),
  unit: nullableString(
    'Canonical unit name, singular: teaspoon, tablespoon, cup, fluid ounce, pint, quart, gallon, milliliter, liter, gram, kilogram, ounce, pound, clove, pinch, can, sprig, bunch, ...; null for counted things ("3 eggs")',
  ),
  name: nullableString('The food ("plain flour")'),
  size: nullableString('Size words ("large", "heaped")'),
  preparation: nullableString('How it is prepared ("finely chopped")'),
  comment: nullableString('Anything else: notes, purposes ("for greasing"), "or to taste"'),
  alternatives: Type.Optional(
    Type.Array(AlternativeAmount, {
      maxItems: MAX_ALTERNATIVES,
      description: `Other amounts for the same ingredient, in line order (at most ${MAX_ALTERNATIVES}); absent when there are none`,
    }),
  ),
});
/** What the parser makes of one ingredient line. Absent parts are null, never empty strings. */
export type ParsedIngredient = Static<typeof ParsedIngredient>;

export const ParseIngredientsResponse = Type.Object({
  ingredients: Type.Array(ParsedIngredient, { maxItems: MAX_LINES, description: 'One parse per input line, in the same order' }),
});
export type ParseIngredientsResponse = Static<typeof ParseIngredientsResponse>;
