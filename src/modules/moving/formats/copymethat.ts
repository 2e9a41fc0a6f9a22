/**
 * Copy Me That: one HTML page (`recipes.html`) with a `div.recipe` per recipe, and the pictures
 * in `images/`. Read with an HTML parser; every value is the text of its element.
 */
import * as cheerio from 'cheerio';
import { isJunk, type ArchiveEntry } from '../archive-guard.js';
import {
  dirName,
  noteOf,
  oneLine,
  recipe,
  servingsOf,
  textOf,
  urlOf,
  type ExportFormat,
  type ImportedGroup,
  type ReadResult,
} from './common.js';

const pages = (entries: ArchiveEntry[]) =>
  entries.filter((e) => !isJunk(e.name) && e.data.includes('copymethat') && e.data.includes('recipeIngredient'));

export const copyMeThatFormat: ExportFormat = {
  name: 'copymethat',
  detect: (input) => pages(input.entries).length > 0,
  read(input): ReadResult {
    const out: ReadResult = { recipes: [], skipped: [] };
    for (const page of pages(input.entries)) {
      const $ = cheerio.load(textOf(page));
      const base = dirName(page.name);
      $('div.recipe').each((_, el) => {
        const r = $(el);
        const title = oneLine(r.find('#name').text());
        const groups: ImportedGroup[] = [{ name: null, ingredients: [] }];
        r.find('#recipeIngredients li').each((_i, li) => {
          const line = $(li);
          const text = oneLine(line.text());
          if (!text) return;
          if (line.hasClass('recipeIngredient_subheader')) groups.push({ name: text, ingredients: [] });
          else groups[groups.length - 1]!.ingredients.push(text);
        });
        const steps: string[] = [];
        r.find('#recipeInstructions li').each((_i, li) => {
          const text = oneLine($(li).text());
          if (text) steps.push($(li).hasClass('instruction_subheader') ? `${text}:` : text);
        });
        const src = r.find('img.recipeImage').attr('src');
        const picture = src ? input.entries.find((e) => e.name === (base ? `${base}/${src}` : src)) : undefined;
        const tags: string[] = [];
        r.find('.recipeCategory').each((_i, c) => {
          const t = oneLine($(c).text());
          if (t) tags.push(t);
        });
        const notes: string[] = [];
        r.find('.recipeNote').each((_i, n) => {
          const t = oneLine($(n).text());
          if (t) notes.push(t);
        });
        out.recipes.push(
          recipe({
            title,
            groups: groups.filter((g) => g.ingredients.length > 0),
            instructions: steps.join('\n') || null,
            servings: servingsOf(r.find('#recipeYield').text()),
            source_url: urlOf(r.find('#original_link').attr('href')),
            tags,
            picture: picture?.data ?? null,
            note: noteOf({
              Description: oneLine(r.find('#description').text()),
              Notes: notes.join('\n'),
              Rating: oneLine(r.find('#ratingValue').text()),
              'Made this': r.find('#made_this').length ? 'yes' : null,
              Starred: r.find('#starred').length ? 'yes' : null,
            }),
          }),
        );
      });
    }
    return out;
  },
};
