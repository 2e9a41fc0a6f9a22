// The web app's removal of styles from a pasted page: the one-pass scanner against the regex it
// replaced, on pages of N unclosed <style> tags. `node --import tsx bench/strip-styles.ts`
import { stripStyles } from '../web/src/strip-styles.js';

const regex = (html: string) => html.replace(/<style\b[^>]*>[\s\S]*?<\/style\s*>/gi, '').replace(/\sstyle\s*=\s*("[^"]*"|'[^']*')/gi, '');
for (const n of [10_000, 40_000]) {
  const page = `<h1>Tart</h1>${'<style>'.repeat(n)}`;
  let t = performance.now();
  regex(page);
  const a = performance.now() - t;
  t = performance.now();
  stripStyles(page);
  const b = performance.now() - t;
  console.log(`${n} unclosed <style>: regex ${a.toFixed(0)} ms, scanner ${b.toFixed(1)} ms`);
}
