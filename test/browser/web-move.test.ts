// The web app's Move in page in Debian's Chromium: a file chosen, the format the server recognised
// shown, the progress bar, the summary with a link to what came in and the skipped recipe with its
// reason; a hostile archive is refused with one message; Export my recipes downloads the zip.
// axe-core at phone and desktop width (no serious or critical violation); screenshots in test-artifacts/web/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPage, signInUi, skipWithoutChromium, webSuite } from '../helpers/web.js';
import { makeZip } from '../helpers/zips.js';

const skip = skipWithoutChromium;
const suite = webSuite();

const FILE = JSON.stringify([
  {
    '@context': 'https://schema.org',
    '@type': 'Recipe',
    name: 'Moved pancakes',
    recipeIngredient: ['2 eggs', '200 g flour'],
    totalTime: 'PT20M',
  },
  { '@context': 'https://schema.org', '@type': 'Recipe', name: 'Empty one', recipeIngredient: [] },
]);

test('Move in: a file imported with its format, progress and summary; a hostile zip refused; the export downloaded', { skip }, async () => {
  const user = await suite.newUser();
  for (const width of ['phone', 'desktop'] as const) {
    const { context, page, errors } = await suite.h.open(width);
    await signInUi(page, user, '/move');
    await page.getByRole('heading', { level: 1, name: 'Move in your recipes' }).waitFor();
    await checkPage(page, `move-${width}`);
    if (width === 'desktop') {
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: 'recipes.json', mimeType: 'application/json', buffer: Buffer.from(FILE) });
      await page.getByText('Chosen: recipes.json').waitFor();
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByText('Format: schema.org JSON-LD').waitFor();
      await page.getByText('1 recipe imported.').waitFor();
      assert.equal(await page.locator('progress').getAttribute('value'), '2');
      assert.match(await page.locator('.move-skipped').innerText(), /Empty one: The recipe has no ingredients/);
      await checkPage(page, 'move-summary');
      await page.locator('.move-links a').first().click();
      await page.getByRole('heading', { level: 1, name: 'Moved pancakes' }).waitFor();

      await page.goto('/move');
      const bomb = await makeZip([{ name: 'bomb.json', data: Buffer.alloc(5_000_000, 32) }]);
      await page.locator('input[type=file]').setInputFiles({ name: 'bomb.zip', mimeType: 'application/zip', buffer: bomb });
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'refused for safety' }).waitFor();

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export my recipes' }).click(),
      ]);
      assert.match(download.suggestedFilename(), /^recipes-\d{4}-\d{2}-\d{2}\.zip$/);
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});
