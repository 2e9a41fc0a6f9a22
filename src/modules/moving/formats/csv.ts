/**
 * CSV exports (Plan to Eat, My Recipe Box), read with csv-parse into rows keyed by the header.
 * A cell is only ever text: nothing here or downstream evaluates a formula (`=HYPERLINK(…)` is
 * kept as those characters), and the export never writes CSV.
 */
import { parse } from 'csv-parse/sync';
import { isJunk, type ArchiveEntry } from '../archive-guard.js';

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
