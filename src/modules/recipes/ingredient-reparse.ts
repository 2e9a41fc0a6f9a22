/**
 * Brings every stored parse up to the current PARSER_VERSION (migration 006): after
 * migration 006 (rows without a parse) and after a parser change. Runs in the background at start,
 * in batches, each its own transaction; until a row is reached, reading it parses it on the fly
 * (ingredient-lines.ts), so answers are current either way. Several processes may run it at once:
 * each stores only parses of unchanged rows, and a row already done is skipped.
 */
import type { Db } from '../../lib/db.js';
import { ingredientLinesOf, parseColumns, PARSER_VERSION } from './ingredient-lines.js';
import { ingredientLinesRepository } from './ingredient-lines.repository.js';

export interface ReparseOptions {
  batchSize?: number;
  /** Parses a batch (the app: in its ingredient worker pool, off the event loop); by default here. */
  parse?: (
    rows: { ingredients: string; ingredient_lines: string | null; parser_version: string | null }[],
  ) => Promise<{ ingredient_lines: string; parser_version: string }[]>;
  /** Checked between batches: stop early (the app is closing). */
  stopped?: () => boolean;
}

/** Re-parses every recipe whose stored parse is not from PARSER_VERSION; returns how many it stored. */
export async function reparseOutdatedIngredients(db: Db, opts: ReparseOptions = {}): Promise<number> {
  const batchSize = opts.batchSize ?? 500;
  let after = 0;
  let stored = 0;
  for (;;) {
    if (opts.stopped?.()) return stored;
    const rows = await ingredientLinesRepository.outdated(db, PARSER_VERSION, after, batchSize);
    if (rows.length === 0) return stored;
    // Parsing first, outside the transaction, so the write lock is held only for the updates.
    const columns = opts.parse
      ? await opts.parse(
          rows.map((r) => ({ ingredients: r.ingredients, ingredient_lines: r.ingredient_lines, parser_version: r.parser_version })),
        )
      : rows.map((row) => parseColumns(ingredientLinesOf(row)));
    const parsed = rows.map((row, i) => ({ row, columns: columns[i]! }));
    stored += await db.transaction().execute(async (trx) => {
      let n = 0;
      for (const { row, columns } of parsed) if (await ingredientLinesRepository.store(trx, row.id, row.version, columns)) n++;
      return n;
    });
    after = rows.at(-1)!.id;
  }
}
