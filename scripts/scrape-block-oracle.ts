/**
 * How far a better choice among the blocks the page heuristics already find could take the
 * reading of pages without markup: on every saved page with its JSON-LD and microdata stripped
 * (withoutMarkup), each page's ingredient list and method is
 *   right      when the chosen block scores (ingredients: share found >= 0.8; method: dice >= 0.8),
 *   choosable  when it does not but another candidate block would,
 *   missing    when no candidate would (the block is not found, or its text differs from the reference).
 * Only "choosable" pages can be won by a model that ranks the candidates; "missing" ones need the
 * candidates found otherwise.
 *
 *   node --import tsx scripts/scrape-block-oracle.ts [--held-back] [--verbose]
 *
 * Without --held-back it reads the tuning pages only (the held-back split of test/helpers/scrape-score.ts).
 */
import fs from 'node:fs';
import { fromHtml, type BlockChoice } from '../src/modules/scrape/extract/page-heuristics.js';
import { loadHtml } from '../src/modules/scrape/extract/text.js';
import { dice, ingredientShare, loadScoreCases, scoreTokens, withoutMarkup } from '../test/helpers/scrape-score.js';

const held = process.argv.includes('--held-back');
const verbose = process.argv.includes('--verbose');
const cases = loadScoreCases().filter((c) => c.heldBack === held);
if (!cases.length) {
  console.error('scrape-block-oracle: no saved pages under ../shared/fixtures');
  process.exit(2);
}
type Tally = { right: number; choosable: number; missing: number; pages: number };
const tally = { ingredients: { right: 0, choosable: 0, missing: 0, pages: 0 }, method: { right: 0, choosable: 0, missing: 0, pages: 0 } };
const count = (t: Tally, name: string, chosen: number, best: number) => {
  t.pages++;
  if (chosen >= 0.8) t.right++;
  else if (best >= 0.8) {
    t.choosable++;
    if (verbose) console.log(`choosable ${name}: chosen ${chosen.toFixed(2)}, best candidate ${best.toFixed(2)}`);
  } else t.missing++;
};
for (const c of cases) {
  let choice: BlockChoice | undefined;
  fromHtml(loadHtml(withoutMarkup(fs.readFileSync(c.htmlPath, 'utf8'))), { methodOnly: true, onChoice: (x) => (choice = x) });
  if (!choice) continue;
  const texts = (lines: Array<{ text: string }> | null) => (lines ?? []).map((l) => l.text);
  if (Array.isArray(c.expected.ingredients)) {
    const exp = c.expected.ingredients as unknown[];
    const score = (lines: Array<{ text: string }> | null) => (lines ? ingredientShare(exp, texts(lines)) : 0);
    count(
      tally.ingredients,
      `${c.name} ingredients`,
      score(choice.ingredients.chosen),
      Math.max(0, ...choice.ingredients.candidates.map(score)),
    );
  }
  if (typeof c.expected.instructions === 'string') {
    const exp = scoreTokens(c.expected.instructions);
    const score = (lines: Array<{ text: string }> | null) => (lines ? dice(exp, scoreTokens(texts(lines).join('\n'))) : 0);
    count(tally.method, `${c.name} method`, score(choice.method.chosen), Math.max(0, ...choice.method.candidates.map(score)));
  }
}
console.log(`scrape-block-oracle: ${cases.length} ${held ? 'held-back' : 'tuning'} pages, JSON-LD and microdata stripped`);
for (const [field, t] of Object.entries(tally))
  console.log(`${field.padEnd(12)} ${t.pages} pages: right ${t.right}, choosable ${t.choosable}, missing ${t.missing}`);
