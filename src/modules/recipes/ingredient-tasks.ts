/**
 * The CPU-heavy ingredient work of the API as pure functions of plain data: parsing a batch of
 * lines, parsing a recipe's text into its stored columns, writing a scaled/converted view's
 * lines, and a stale row's lines. ingredient-work.ts runs them on the event loop when the input
 * is small and in a worker thread (ingredient.worker.ts) when it is not: one code path either way,
 * so both give the same answer (test/unit/ingredient-work.test.ts holds them equal).
 */
import type { UnitSystemTarget } from '../ingredients/convert.js';
import { parseIngredientLines } from '../ingredients/ingredient-parser.js';
import type { ParsedIngredient } from '../ingredients/ingredient.types.js';
import { viewLine } from '../ingredients/scaled-line.js';
import { columnsOfItems, columnsOfText, ingredientLinesJson, ingredientLinesOf, parseColumns, type GroupItem } from './ingredient-lines.js';

export interface StoredIngredients {
  ingredients: string;
  ingredient_lines: string | null;
  parser_version: string | null;
}
export interface ParsedColumns {
  ingredient_lines: string;
  parser_version: string;
}

export const ingredientTasks = {
  /** POST /parse/ingredients. */
  parseLines: (lines: string[]): ParsedIngredient[] => parseIngredientLines(lines),
  /** The stored columns of an `ingredients` text. */
  columnsOfText: (text: string): ParsedColumns => columnsOfText(text),
  /** The stored columns of the items of `ingredient_groups` (already checked: groupItems). */
  columnsOfItems: (items: GroupItem[]): ParsedColumns => columnsOfItems(items),
  /** The JSON text of a row's lines in a scaled and/or converted view. */
  viewLinesJson: (row: StoredIngredients, factor: number, units: UnitSystemTarget | undefined): string =>
    JSON.stringify(ingredientLinesOf(row).map((line) => viewLine(line, factor, units))),
  /** The current stored columns of rows whose stored parse is outdated (headings kept): the re-parse at start. */
  reparseColumns: (rows: StoredIngredients[]): ParsedColumns[] => rows.map((row) => parseColumns(ingredientLinesOf(row))),
  /** The JSON text of a row's lines as stored (parsed now when the stored parse is outdated). */
  storedLinesJson: (row: StoredIngredients): string => ingredientLinesJson(row),
};

export type IngredientTasks = typeof ingredientTasks;
