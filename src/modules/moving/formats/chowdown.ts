/**
 * Chowdown: a Jekyll site, one Markdown file per recipe in `_recipes/` with YAML front matter
 * (title, image, tags, ingredients, directions; a list item that is a map is a group), the
 * Markdown body as notes, and pictures in `images/`.
 */
import { parse as parseYaml } from 'yaml';
import { isJunk, type ArchiveEntry } from '../archive-guard.js';
import {
  baseName,
  dirName,
  noteOf,
  oneLine,
  recipe,
  sharedFields,
  textOf,
  toText,
  type ExportFormat,
  type ImportedGroup,
  type ReadResult,
} from './common.js';
import { skip } from '../skip-codes.js';

type Json = Record<string, unknown>;

const files = (entries: ArchiveEntry[]) =>
  entries.filter((e) => !isJunk(e.name) && /\.(md|markdown)$/i.test(e.name) && baseName(dirName(e.name)) === '_recipes');

function frontMatter(entry: ArchiveEntry): { data: Json; body: string } | null {
  // `---`, the YAML, a line `---`, the body: found with indexOf (no regular expression to backtrack).
  const text = textOf(entry).trimStart();
  if (!text.startsWith('---\n') && !text.startsWith('---\r\n')) return null;
  const start = text.indexOf('\n') + 1;
  const end = text.indexOf('\n---', start - 1);
  if (end < 0) return null;
  const after = text.indexOf('\n', end + 4);
  try {
    // Plain YAML only: no custom tags, no aliases expanding into huge documents.
    const data = parseYaml(text.slice(start, end), { maxAliasCount: 0, customTags: [] }) as unknown;
    return data && typeof data === 'object' ? { data: data as Json, body: after < 0 ? '' : text.slice(after + 1) } : null;
  } catch {
    return null;
  }
}

function groupsOf(list: unknown): ImportedGroup[] {
  const groups: ImportedGroup[] = [{ name: null, ingredients: [] }];
  for (const item of Array.isArray(list) ? list : []) {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      for (const [name, lines] of Object.entries(item as Json))
        groups.push({ name: oneLine(name), ingredients: (Array.isArray(lines) ? lines : [lines]).map(oneLine).filter(Boolean) });
    } else if (oneLine(item)) groups[groups.length - 1]!.ingredients.push(oneLine(item));
  }
  return groups.filter((g) => g.ingredients.length > 0);
}

function stepsOf(list: unknown): string | null {
  const out: string[] = [];
  for (const item of Array.isArray(list) ? list : [list]) {
    if (item && typeof item === 'object')
      for (const [name, lines] of Object.entries(item as Json))
        out.push(`${oneLine(name)}:`, ...(Array.isArray(lines) ? lines : [lines]).map(toText));
    else if (toText(item)) out.push(toText(item));
  }
  return out.filter(Boolean).join('\n') || null;
}

export const chowdownFormat: ExportFormat = {
  name: 'chowdown',
  detect: (input) => files(input.entries).some((e) => frontMatter(e)?.data.ingredients !== undefined),
  read(input): ReadResult {
    const out: ReadResult = { recipes: [], skipped: [] };
    for (const entry of files(input.entries)) {
      const fm = frontMatter(entry);
      const name = baseName(entry.name).replace(/\.\w+$/, '');
      if (!fm) {
        out.skipped.push(skip(name, 'NO_FRONT_MATTER'));
        continue;
      }
      const d = fm.data;
      const site = dirName(dirName(entry.name));
      const image = typeof d.image === 'string' ? baseName(d.image) : '';
      const picture = image ? input.entries.find((e) => e.name === `${site ? `${site}/` : ''}images/${image}`) : undefined;
      out.recipes.push(
        recipe({
          title: oneLine(d.title) || name,
          groups: groupsOf(d.ingredients),
          instructions: stepsOf(d.directions),
          ...sharedFields({ totalTime: d.time ?? d.totalTime, yield: d.yield ?? d.servings, tags: [d.tags, d.category] }),
          picture: picture?.data ?? null,
          note: noteOf({ Notes: fm.body.trim(), Components: d.components, Layout: d.layout === 'recipe' ? null : d.layout }),
        }),
      );
    }
    return out;
  },
};
