/**
 * schema.org `Recipe` JSON-LD: one file, an array, a `@graph`, or a zip of such files (format
 * `jsonld`). Also what Nextcloud Cookbook and this service's own export write per recipe, so
 * those readers use `fromSchemaOrg` too.
 */
import {
  baseName,
  dirName,
  jsonOf,
  linesOf,
  noteOf,
  oneLine,
  recipe,
  sharedFields,
  toText,
  urlOf,
  type ExportFormat,
  type ExportInput,
  type ImportedGroup,
  type ImportedRecipe,
  type ReadResult,
} from './common.js';
import { isJunk, type ArchiveEntry } from '../archive-guard.js';

type Json = Record<string, unknown>;

const isRecipe = (v: unknown): v is Json => {
  if (!v || typeof v !== 'object') return false;
  const type = (v as Json)['@type'];
  return type === 'Recipe' || (Array.isArray(type) && type.includes('Recipe'));
};

/** Every Recipe object in a JSON-LD document (top level, arrays, @graph). */
export function recipesIn(json: unknown, depth = 0): Json[] {
  if (depth > 4 || !json || typeof json !== 'object') return [];
  if (Array.isArray(json)) return json.flatMap((j) => recipesIn(j, depth + 1));
  if (isRecipe(json)) return [json];
  const graph = (json as Json)['@graph'];
  return graph ? recipesIn(graph, depth + 1) : [];
}

/** Steps and sections: HowToSection names become headings of their own lines. */
function methodOf(value: unknown): string | null {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(...linesOf(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Json;
      if (o['@type'] === 'HowToSection') {
        const name = oneLine(o.name);
        if (name) out.push(`${name}:`);
        walk(o.itemListElement);
      } else walk(o.text ?? o.name);
    }
  };
  walk(value);
  return out.length ? out.join('\n') : null;
}

function imageUrlOf(value: unknown): string | null {
  if (typeof value === 'string') return urlOf(value);
  if (Array.isArray(value)) return imageUrlOf(value[0]);
  if (value && typeof value === 'object') return urlOf((value as Json).url ?? (value as Json).contentUrl);
  return null;
}

const KNOWN = new Set([
  '@context',
  '@type',
  '@id',
  'name',
  'recipeIngredient',
  'ingredients',
  'recipeInstructions',
  'totalTime',
  'prepTime',
  'cookTime',
  'recipeYield',
  'url',
  'image',
  'keywords',
  'recipeCategory',
  'recipeCuisine',
  'id',
  'dateCreated',
  'dateModified',
  'datePublished',
  'printImage',
  'imageUrl',
  'imagePlaceholderUrl',
]);

/** A schema.org Recipe as this service's recipe; `groups` (from the own export) wins over recipeIngredient. */
export function fromSchemaOrg(json: Json, groups?: ImportedGroup[]): ImportedRecipe {
  const lines = (Array.isArray(json.recipeIngredient) ? json.recipeIngredient : Array.isArray(json.ingredients) ? json.ingredients : [])
    .map(oneLine)
    .filter(Boolean);
  const rest: Json = {};
  for (const [k, v] of Object.entries(json)) if (!KNOWN.has(k)) rest[k] = typeof v === 'string' ? toText(v) : v;
  return recipe({
    title: oneLine(json.name),
    groups: groups ?? [{ name: null, ingredients: lines }],
    instructions: methodOf(json.recipeInstructions),
    ...sharedFields({
      totalTime: json.totalTime,
      timeParts: [json.prepTime, json.cookTime],
      yield: json.recipeYield,
      sourceUrl: json.url,
      tags: [json.recipeCategory, json.recipeCuisine, json.keywords],
    }),
    image_url: imageUrlOf(json.image),
    note: noteOf(rest),
  });
}

/** The picture beside a recipe file: the same name with a picture extension, or the first picture in its folder. */
export function pictureBeside(entry: ArchiveEntry, entries: ArchiveEntry[], prefer: string[] = []): Uint8Array | null {
  const dir = dirName(entry.name);
  const stem = baseName(entry.name).replace(/\.[^.]+$/, '');
  const pictures = entries.filter((e) => dirName(e.name) === dir && /\.(jpe?g|png|webp|gif|avif)$/i.test(e.name) && !isJunk(e.name));
  const named = [...prefer, stem].map((n) => pictures.find((p) => baseName(p.name).replace(/\.[^.]+$/, '') === n)).find(Boolean);
  const found = named ?? (prefer.length === 0 ? pictures[0] : undefined);
  return found ? found.data : null;
}

const jsonEntries = (input: ExportInput) =>
  input.entries.filter((e) => !isJunk(e.name) && (!input.archive || e.name.toLowerCase().endsWith('.json')));

export const schemaOrgFormat: ExportFormat = {
  name: 'jsonld',
  detect: (input) => jsonEntries(input).some((e) => recipesIn(jsonOf(e)).length > 0),
  read(input): ReadResult {
    const out: ReadResult = { recipes: [], skipped: [] };
    for (const entry of jsonEntries(input)) {
      const found = recipesIn(jsonOf(entry));
      for (const json of found) {
        const r = fromSchemaOrg(json);
        if (input.archive && found.length === 1) r.picture = pictureBeside(entry, input.entries);
        out.recipes.push(r);
      }
    }
    return out;
  },
};
