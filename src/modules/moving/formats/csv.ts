/**
 * CSV exports (Plan to Eat, My Recipe Box), read with csv-parse into rows keyed by the header.
 * A cell is only ever text: nothing here or downstream evaluates a formula (`=HYPERLINK(…)` is
 * kept as those characters), and the export never writes CSV.
 */
import { parse } from 'csv-parse/sync';
import { isJunk, type ArchiveEntry } from '../archive-guard.js';
import { skip } from '../skip-codes.js';
import type { ExportFormat, ImportedRecipe, ReadResult } from './common.js';

export type CsvRow = Record<string, string>;

/** The rows of a CSV entry, or null when it does not parse. */
export function csvRows(entry: ArchiveEntry): CsvRow[] | null {
  try {
    return parse(entry.data, {
      columns: true,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: false,
    }) as CsvRow[];
  } catch {
    return null;
  }
}

/** The first line of a CSV entry (its header), lower-cased. */
export function csvHeader(entry: ArchiveEntry): string {
  const text = entry.data
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return (text.split(/\r?\n/, 1)[0] ?? '').toLowerCase();
}

export const csvEntries = (entries: ArchiveEntry[], headerHas: string[]) =>
  entries.filter((e) => !isJunk(e.name) && headerHas.every((h) => csvHeader(e).includes(h)));

/**
 * A CSV export of one row per recipe: recognised by the columns its header has (lower-cased),
 * each row read by `recipeOf`; a file that does not parse is skipped whole.
 */
export function csvFormat(name: string, headerHas: string[], recipeOf: (row: CsvRow) => ImportedRecipe): ExportFormat {
  return {
    name,
    detect: (input) => csvEntries(input.entries, headerHas).length > 0,
    read(input): ReadResult {
      const out: ReadResult = { recipes: [], skipped: [] };
      for (const entry of csvEntries(input.entries, headerHas)) {
        const rows = csvRows(entry);
        if (rows) out.recipes.push(...rows.map(recipeOf));
        else out.skipped.push(skip(entry.name, 'CSV_UNREADABLE'));
      }
      return out;
    },
  };
}
