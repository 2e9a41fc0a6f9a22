/**
 * GET /export: the caller's recipes as a zip streamed while it is written, never whole in memory.
 * The list of recipes (ids, titles, whether each has a picture) is read first; each entry's bytes
 * are read from the database only when the zip writer reaches it (yazl's lazy entries, which
 * follow the response's back-pressure). Per recipe: `recipes/<nnnn>-<slug>.json` (schema.org
 * Recipe JSON-LD) and `recipes/<nnnn>-<slug>.webp` (its picture); then `gourmet-restore.jsonl`,
 * which restores everything this service keeps for a recipe (formats/gourmet.ts reads it).
 */
import { Readable } from 'node:stream';
import type yazl from 'yazl';
import type { Db } from '../../lib/db.js';
import type { Clock } from '../../lib/clock.js';
import type { ImportedGroup } from './formats/common.js';
import { RESTORE_FILE, RESTORE_FORMAT, RESTORE_VERSION, type RestoreRecipe } from './formats/restore-file.js';
import { movingRepository as repo, type ExportRow } from './moving.repository.js';

export interface ExportServiceDeps {
  db: Db;
  clock: Clock;
  /** A stored picture variant's bytes by its hash (the images service). */
  variant(hash: string): Promise<{ bytes: Buffer } | undefined>;
}

interface StoredLine {
  input?: string;
  group?: string | null;
}

const VARIANT = /\/images\/([0-9a-f]{64})\.webp$/;

/** A name safe in any file system: ASCII letters, digits and dashes, at most 60 characters. */
export const slugOf = (title: string) =>
  title
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .split('-')
    .filter(Boolean)
    .join('-') || 'recipe';

/** ISO 8601 duration of whole minutes ("PT1H30M"). */
export function isoDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ''}${m || !h ? `${m}M` : ''}`;
}

/** The stored lines under their headings, in order. */
export function groupsOf(row: Pick<ExportRow, 'ingredients' | 'ingredient_lines'>): ImportedGroup[] {
  let lines: StoredLine[] = [];
  try {
    lines = JSON.parse(row.ingredient_lines ?? '[]') as StoredLine[];
  } catch {
    lines = [];
  }
  if (!lines.length) return [{ name: null, ingredients: row.ingredients.split('\n').filter((l) => l.trim()) }];
  const groups: ImportedGroup[] = [];
  for (const line of lines) {
    const name = line.group ?? null;
    const last = groups[groups.length - 1];
    if (!last || last.name !== name) groups.push({ name, ingredients: [] });
    groups[groups.length - 1]!.ingredients.push(line.input ?? '');
  }
  return groups;
}

/** The method as HowToStep items, a line ending in ":" starting a HowToSection. */
function instructionsOf(text: string | null): unknown[] {
  const out: Array<Record<string, unknown>> = [];
  let section: { '@type': 'HowToSection'; name: string; itemListElement: unknown[] } | null = null;
  for (const line of (text ?? '').split('\n').map((l) => l.trim())) {
    if (!line) continue;
    if (line.endsWith(':') && line.length <= 120) {
      section = { '@type': 'HowToSection', name: line.slice(0, -1), itemListElement: [] };
      out.push(section);
    } else if (section) section.itemListElement.push({ '@type': 'HowToStep', text: line });
    else out.push({ '@type': 'HowToStep', text: line });
  }
  return out;
}

const tagsOf = (row: Pick<ExportRow, 'tags'>): string[] => {
  try {
    return JSON.parse(row.tags) as string[];
  } catch {
    return [];
  }
};

export function jsonLdOf(row: ExportRow, picture: string | null): Record<string, unknown> {
  const tags = tagsOf(row);
  return {
    '@context': 'https://schema.org',
    '@type': 'Recipe',
    name: row.title,
    recipeIngredient: groupsOf(row).flatMap((g) => g.ingredients),
    recipeInstructions: instructionsOf(row.instructions),
    ...(tags.length ? { keywords: tags.join(', ') } : {}),
    ...(row.time_minutes !== null ? { totalTime: isoDuration(row.time_minutes) } : {}),
    ...(row.servings !== null ? { recipeYield: String(row.servings) } : {}),
    ...(row.source_url ? { url: row.source_url } : {}),
    ...(picture ? { image: picture } : row.image_url ? { image: row.image_url } : {}),
    dateCreated: row.created_at,
    dateModified: row.updated_at,
  };
}

export function restoreOf(row: ExportRow, picture: string | null): RestoreRecipe {
  let parsed: unknown[] = [];
  try {
    parsed = JSON.parse(row.ingredient_lines ?? '[]') as unknown[];
  } catch {
    parsed = [];
  }
  return {
    title: row.title,
    ingredient_groups: groupsOf(row),
    ingredient_lines: parsed,
    instructions: row.instructions,
    time_minutes: row.time_minutes,
    servings: row.servings,
    source_url: row.source_url,
    image_url: row.image_url,
    tags: tagsOf(row),
    picture,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

const pictureHash = (row: Pick<ExportRow, 'image'>) => {
  if (!row.image) return null;
  try {
    return VARIANT.exec((JSON.parse(row.image) as { url?: string }).url ?? '')?.[1] ?? null;
  } catch {
    return null;
  }
};

export class ExportService {
  constructor(private readonly deps: ExportServiceDeps) {}

  /** The zip of the owner's recipes, as a stream; entries are read as the stream is consumed. */
  async stream(ownerId: number): Promise<NodeJS.ReadableStream> {
    const { db } = this.deps;
    const index = await repo.recipeIndex(db, ownerId);
    // The zip writer is loaded on the first export, not at start.
    const { ZipFile } = (await import('yazl')).default;
    const zip: yazl.ZipFile = new ZipFile();
    const mtime = new Date(this.deps.clock());
    const pictures = new Map<number, string>();
    // A recipe is read once for its two entries; deleted meanwhile, its entries are empty.
    let cached: { id: number; row: ExportRow | undefined } | undefined;
    const rowOf = async (id: number) => {
      if (cached?.id !== id) cached = { id, row: await repo.exportRow(db, ownerId, id) };
      return cached.row;
    };
    const lazy = (path: string, compress: boolean, read: () => Promise<Buffer>) =>
      zip.addReadStreamLazy(path, { mtime, compress }, (cb) => {
        read().then(
          (bytes) => cb(null, Readable.from([bytes])),
          (err: unknown) => cb(err, Readable.from([])),
        );
      });
    index.forEach(({ id, image }, i) => {
      const base = String(i + 1).padStart(4, '0');
      const hash = pictureHash({ image });
      if (hash) pictures.set(id, `recipes/${base}.webp`);
      lazy(`recipes/${base}.json`, true, async () => {
        const row = await rowOf(id);
        return row ? Buffer.from(JSON.stringify(jsonLdOf(row, hash ? `${base}.webp` : null), null, 2)) : Buffer.alloc(0);
      });
      // WebP is compressed already.
      if (hash) lazy(`recipes/${base}.webp`, false, async () => (await this.deps.variant(hash))?.bytes ?? Buffer.alloc(0));
    });
    const ids = index.map((r) => r.id);
    zip.addReadStreamLazy(RESTORE_FILE, { mtime, compress: true }, (cb) => {
      cb(null, Readable.from(this.restoreLines(ownerId, ids, pictures, mtime)));
    });
    zip.end();
    return zip.outputStream;
  }

  private async *restoreLines(ownerId: number, ids: number[], pictures: Map<number, string>, at: Date) {
    yield Buffer.from(
      `${JSON.stringify({ format: RESTORE_FORMAT, version: RESTORE_VERSION, exported_at: at.toISOString(), recipes: ids.length })}\n`,
    );
    for (const id of ids) {
      const row = await repo.exportRow(this.deps.db, ownerId, id);
      if (row) yield Buffer.from(`${JSON.stringify(restoreOf(row, pictures.get(id) ?? null))}\n`);
    }
  }
}
