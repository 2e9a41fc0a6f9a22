/**
 * How often a scaled line keeps the cook's words: every line of the labelled ingredient files is
 * parsed, viewed at ×2 and at ×2 with units=metric (viewLine, as GET /recipes/{id}?factor=2
 * shows it), and its `display` compared with the input by keepsWords (kept-words.ts: the words
 * other than amounts and their units, in order, plurals aside). Lines shown unchanged with the
 * factor beside them ("(×2)") keep their words too; their share is reported apart, since they
 * are not scaled in place.
 *
 *   npm run score:scaling [-- --file train.tsv] [--verbose] [--limit 40]
 *
 * dev.tsv is for reporting; develop against train.tsv (--file train.tsv). The files are read
 * from ../shared/fixtures/ingredients (SCALING_CASES_DIR overrides) and never copied here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIngredientLine } from '../src/modules/ingredients/ingredient-parser.js';
import { isFactorNote, keepsWords } from '../src/modules/ingredients/kept-words.js';
import { viewLine } from '../src/modules/ingredients/scaled-line.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CASES_DIR = process.env.SCALING_CASES_DIR ?? path.resolve(root, '../shared/fixtures/ingredients');

export interface ScalingScore {
  file: string;
  lines: number;
  /** Per view: share of lines whose words are kept, and share shown with the factor note, in %. */
  views: { view: string; kept: number; keptLines: number; noted: number; misses: { input: string; display: string }[] }[];
}

/** The `input` column of a labelled TSV file (header row first). */
export function readInputs(tsv: string): string[] {
  const rows = tsv.split('\n').filter((l) => l.trim());
  const col = (rows.shift() ?? '').split('\t').indexOf('input');
  return rows.map((r) => r.split('\t')[col] ?? '').filter(Boolean);
}

export function scoreScaling(file: string, inputs: string[]): ScalingScore {
  const parsed = inputs.map(parseIngredientLine);
  const views = (
    [
      ['×2', undefined],
      ['×2 metric', 'metric'],
    ] as const
  ).map(([view, units]) => {
    let kept = 0,
      noted = 0;
    const misses: { input: string; display: string }[] = [];
    for (const line of parsed) {
      const { display } = viewLine(line, 2, units);
      if (keepsWords(line.input, display)) {
        kept++;
        if (isFactorNote(line.input, display)) noted++;
      } else misses.push({ input: line.input, display });
    }
    const pct = (n: number) => Math.round((10000 * n) / Math.max(1, parsed.length)) / 100;
    return { view, kept: pct(kept), keptLines: kept, noted: pct(noted), misses };
  });
  return { file, lines: inputs.length, views };
}

function main(): number {
  const args = process.argv.slice(2);
  const file = args.includes('--file') ? (args[args.indexOf('--file') + 1] ?? 'dev.tsv') : 'dev.tsv';
  const limit = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : 40;
  const full = path.join(CASES_DIR, file);
  if (!fs.existsSync(full)) {
    console.log(`score:scaling skipped: ${full} is not there`);
    return 0;
  }
  const score = scoreScaling(file, readInputs(fs.readFileSync(full, 'utf8')));
  for (const v of score.views) {
    console.log(
      `${file} (${score.lines} lines) ${v.view}: words kept ${v.kept}% (${v.keptLines} lines; shown unchanged with the factor: ${v.noted}%)`,
    );
    if (args.includes('--verbose')) for (const m of v.misses.slice(0, limit)) console.log(`  ${m.input}\n    → ${m.display}`);
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
