/** The parse of a line, as the API documents it: the types are those of the schemas (ingredients.schemas.ts). */
export type { AlternativeAmount, ParsedIngredient } from './ingredients.schemas.js';

/** Labels the tagger gives each token. */
export type TokenLabel = 'QTY' | 'UNIT' | 'SIZE' | 'NAME' | 'PREP' | 'COMMENT' | 'PURPOSE' | 'O';
export const TOKEN_LABELS: readonly TokenLabel[] = ['QTY', 'UNIT', 'SIZE', 'NAME', 'PREP', 'COMMENT', 'PURPOSE', 'O'];
