/**
 * An extraction worker for pool tests: the real extractors, except that a page containing a
 * marker makes it fail in one of the ways a real page could (throw, kill the thread, hang).
 * Two extra tasks let tests observe and hold a worker without relying on timing.
 */
import { threadId } from 'node:worker_threads';
import { extractContent } from '../../src/modules/scrape/extract-content.js';
import { extractRecipe, extractRecipeFromText } from '../../src/modules/scrape/extract/index.js';
import { extractTitle } from '../../src/modules/scrape/extract-title.js';
import { serveTasks } from '../../src/lib/worker-pool.js';

function misbehave(html: string): void {
  if (html.includes('EXTRACT:THROW')) throw new RangeError('Maximum call stack size exceeded');
  if (html.includes('EXTRACT:CRASH')) process.exit(3);
  if (html.includes('EXTRACT:HANG'))
    for (;;) {
      /* a catastrophic regex, say */
    }
}

serveTasks({
  title: (html: string) => {
    misbehave(html);
    return extractTitle(html);
  },
  content: (html: string) => {
    misbehave(html);
    return extractContent(html);
  },
  recipe: (html: string, url: string) => {
    misbehave(html);
    return extractRecipe(html, url);
  },
  recipeText: (text: string) => {
    misbehave(text);
    return extractRecipeFromText(text);
  },
  threadId: () => threadId,
  /** Blocks this worker until the main thread sets `flag[0]` to non-zero and notifies. */
  block: (shared: SharedArrayBuffer) => {
    Atomics.wait(new Int32Array(shared), 0, 0);
    return 'released';
  },
});
