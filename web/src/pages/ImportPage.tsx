/**
 * Import a recipe: from a web address (the server fetches it), or from the page's HTML or the
 * recipe's text pasted here (for sites that refuse servers, and recipes that are not on the web).
 * Always a preview first; nothing is saved until "Save to my recipes".
 * With ?url= the address is filled in and previewed; with ?via=bookmarklet&nonce= the page the user
 * was looking at arrives by postMessage from the bookmarklet (see /bookmarklet and ../handoff.ts),
 * is kept in IndexedDB for a moment and the window moves to /import?handoff=<key>: that address is
 * served with COOP same-origin, which cuts the recipe site's hold on this window. The page is then
 * shown with the origin that sent it, and read only when the user presses Preview.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type Paths } from '../api/client';
import type { ScrapedRecipe } from '../types';
import { ApiProblem, unwrap } from '../api/problem';
import { navigate } from '../router';
import type { Route } from '../routes';
import { Loading, PageTitle, ProblemBanner, TextArea, TextField, useTitle } from '../ui';
import { formatMinutes, t, tm, type Key, type Message } from '../i18n';
import { steps } from './RecipePage';
import { stripStyles } from '../strip-styles';
import { checkHandoff, NONCE, type HandedPage } from '../handoff';
import { putHandoff, takeHandoff } from '../idb';

type Mode = 'url' | 'html' | 'text';
type Preview = ScrapedRecipe;
type ImportSource = NonNullable<Paths['/recipes/import']['post']['requestBody']>['content']['application/json'];

/** The page without what extraction never reads (scripts other than JSON-LD, styles, SVG, frames): often a tenth of the size. */
export function slimHtml(html: string): string {
  // Style blocks and attributes go before parsing (see stripStyles).
  const doc = new DOMParser().parseFromString(stripStyles(html), 'text/html');
  doc.querySelectorAll('script:not([type="application/ld+json"]), style, svg, noscript, iframe, template, link, canvas, video, audio, picture source')
    .forEach((el) => el.remove());
  const walker = doc.createTreeWalker(doc, NodeFilter.SHOW_COMMENT);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  comments.forEach((c) => c.parentNode?.removeChild(c));
  doc.querySelectorAll('*').forEach((el) => {
    for (const a of [...el.attributes]) if (a.name.startsWith('on') || (a.name.startsWith('data-') && a.name !== 'data-src')) el.removeAttribute(a.name);
  });
  return `<!doctype html>\n${doc.documentElement.outerHTML}`;
}

export function ImportPage({ route }: { route: Route }) {
  const viaBookmarklet = route.query.get('via') === 'bookmarklet';
  const handoffKey = route.query.get('handoff');
  const [mode, setMode] = useState<Mode>(viaBookmarklet || handoffKey ? 'html' : 'url');
  const [sender, setSender] = useState<HandedPage | null>(null);
  const [refused, setRefused] = useState<Message | null>(null);
  const [url, setUrl] = useState(route.query.get('url') ?? '');
  const [pageUrl, setPageUrl] = useState('');
  const [html, setHtml] = useState('');
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState<'' | 'preview' | 'save'>('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [waiting, setWaiting] = useState(viaBookmarklet || !!handoffKey);
  useTitle(t('import.pageTitle'));

  const input = (m: Mode = mode, h = html, u = mode === 'url' ? url : pageUrl): ImportSource => {
    if (m === 'url') return { url: u.trim() };
    if (m === 'html') return u.trim() ? { html: slimHtml(h), url: u.trim() } : { html: slimHtml(h) };
    return { text };
  };

  const runPreview = async (m: Mode = mode, h = html, u?: string) => {
    setBusy('preview');
    setProblem(null);
    setPreview(null);
    try {
      const body = input(m, h, u);
      const { data } = await unwrap(api.POST('/scrape/recipe', { body }));
      setPreview(data);
    } catch (err) {
      setProblem(err as ApiProblem);
    } finally {
      setBusy('');
    }
  };

  const save = async () => {
    setBusy('save');
    setProblem(null);
    try {
      const { data } = await unwrap(api.POST('/recipes/import', { body: input() }));
      navigate(`/recipe/${data.id}`);
    } catch (err) {
      setProblem(err as ApiProblem);
      setBusy('');
    }
  };

  // ?url=: fill in and preview at once.
  useEffect(() => { if (!viaBookmarklet && route.query.get('url')) void runPreview('url', '', route.query.get('url') ?? ''); }, []);

  const show = (page: HandedPage) => {
    setWaiting(false);
    setMode('html');
    setHtml(page.html);
    setPageUrl(page.url);
    setSender(page);
  };

  // The bookmarklet opened us: say we are ready to its window, take one message from it, check it,
  // and move to a same-origin-COOP address with the page (see the file's comment).
  useEffect(() => {
    if (!viaBookmarklet) return;
    const nonce = route.query.get('nonce') ?? '';
    if (!NONCE.test(nonce) || !window.opener) {
      setWaiting(false);
      setRefused({ key: NONCE.test(nonce) ? 'import.senderGone' : 'import.outdated' });
      return;
    }
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.opener) return;
      // One message only, right or wrong: a second try from the same window is not listened to.
      removeEventListener('message', onMessage);
      const checked = checkHandoff(event.data, event.origin, nonce);
      if (!checked.ok) {
        setWaiting(false);
        setRefused({ key: 'import.refused', params: { origin: event.origin, reason: tm(checked.reason) } });
        return;
      }
      putHandoff(checked.page)
        .then((key) => location.replace(`/import?handoff=${key}`))
        // Without IndexedDB the page stays in this window, still only shown until Preview.
        .catch(() => show(checked.page));
    };
    addEventListener('message', onMessage);
    // Nothing secret is sent: only "ready".
    (window.opener as Window).postMessage('gourmet-import-ready', '*');
    const timeout = setTimeout(() => setWaiting(false), 5000);
    return () => { removeEventListener('message', onMessage); clearTimeout(timeout); };
  }, []);

  // After the move: the page, once, from IndexedDB; the address loses its key.
  useEffect(() => {
    if (!handoffKey) return;
    history.replaceState(null, '', '/import');
    takeHandoff<HandedPage>(handoffKey)
      .then((page) => {
        if (page) show(page);
        else { setWaiting(false); setRefused({ key: 'import.handoffGone' }); }
      })
      .catch(() => { setWaiting(false); setRefused({ key: 'import.handoffUnreadable' }); });
  }, []);

  const f = problem?.fields ?? {};
  const groups = preview?.ingredient_groups?.length ? preview.ingredient_groups : preview ? [{ name: null, ingredients: preview.ingredients }] : [];

  return (
    <section>
      <PageTitle>{t('import.pageTitle')}</PageTitle>
      <p>{t('import.intro')} <a href="/bookmarklet">{t('import.getBookmarklet')}</a> {t('import.introAfter')}</p>
      <form class="import-form" onSubmit={(e) => { e.preventDefault(); void runPreview(); }}>
        <fieldset class="modes">
          <legend>{t('import.from')}</legend>
          {([['url', 'import.mode.url'], ['html', 'import.mode.html'], ['text', 'import.mode.text']] as [Mode, Key][]).map(([m, l]) => (
            <label key={m} class="radio">
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => { setMode(m); setPreview(null); setProblem(null); }} /> {tm({ key: l })}
            </label>
          ))}
        </fieldset>
        {mode === 'url' && (
          <TextField label={t('import.address')} name="url" type="url" value={url} onValue={setUrl} error={f.url} placeholder="https://…" required
            hint={t('import.addressHint')} />
        )}
        {mode === 'html' && (
          <>
            {waiting && <Loading label={t('import.waiting')} />}
            {sender && (
              <div class="banner banner-ok handoff" role="status">
                <p>{t('import.sentBy')} <strong class="sender-origin">{sender.origin}</strong></p>
                <p>{t('import.sentByAdvice')}</p>
              </div>
            )}
            <TextArea label={t('import.html')} name="html" value={html} onValue={setHtml} error={f.html} rows={8} class="mono"
              hint={t('import.htmlHint')} />
            <TextField label={t('import.pageAddress')} name="page_url" type="url" value={pageUrl} onValue={setPageUrl} error={f.url}
              hint={t('import.pageAddressHint')} />
          </>
        )}
        {mode === 'text' && (
          <TextArea label={t('import.text')} name="text" value={text} onValue={setText} error={f.text} rows={10}
            hint={t('import.textHint')} />
        )}
        <p class="actions"><button type="submit" disabled={busy !== ''}>{busy === 'preview' ? t('import.reading') : t('import.preview')}</button></p>
      </form>
      {refused && <div class="banner banner-error handoff-refused" role="alert"><p>{tm(refused)}</p></div>}
      <ProblemBanner problem={problem?.status === 422 && problem.code === 'UNPROCESSABLE' ? new ApiProblem(422, { key: 'error.noRecipe' }) : problem}
        onRetry={() => void runPreview()} shown={mode === 'url' ? ['url'] : mode === 'html' ? ['html', 'url'] : ['text']} />
      <div class="preview-area" aria-live="polite" aria-busy={busy === 'preview' ? 'true' : 'false'}>
        {busy === 'preview' && <Loading label={t('import.readingRecipe')} />}
        {preview && (
          <section class="preview" aria-labelledby="preview-title">
            <h2 id="preview-title">{t('import.previewTitle', { title: preview.title })}</h2>
            <p class="meta">
              {preview.time_minutes ? formatMinutes(preview.time_minutes) : t('time.none')}{preview.servings ? ` · ${t('meta.serves', { count: preview.servings })}` : ''}
            </p>
            {preview.tags && preview.tags.length > 0 && <p class="tags">{preview.tags.map((t) => <span key={t} class="tag">{t}</span>)}</p>}
            <div class="recipe-body">
              <div class="ingredients">
                <h3>{t('recipe.ingredients')}</h3>
                {groups.map((g, i) => (
                  <div key={i} class="group">{g.name && <h4>{g.name}</h4>}<ul>{g.ingredients.map((l, j) => <li key={j}>{l}</li>)}</ul></div>
                ))}
              </div>
              <div class="steps">
                <h3>{t('recipe.method')}</h3>
                {steps(preview.instructions).length ? <ol>{steps(preview.instructions).map((s, i) => <li key={i}>{s}</li>)}</ol> : <p class="muted">{t('import.noInstructions')}</p>}
              </div>
            </div>
            <p class="actions">
              <button type="button" onClick={save} disabled={busy !== ''}>{busy === 'save' ? t('import.saving') : t('import.save')}</button>
              <button type="button" class="button-secondary" onClick={() => setPreview(null)}>{t('import.discard')}</button>
            </p>
          </section>
        )}
      </div>
    </section>
  );
}
