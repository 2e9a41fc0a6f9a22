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
import { useEffect, useRef, useState } from 'preact/hooks';
import { VisibilityField, defaultVisibility, type Visibility } from '../visibility';
import { api, type Paths } from '../api/client';
import type { ScrapedRecipe } from '../types';
import { ApiProblem, fixFields, unwrap } from '../api/problem';
import { navigate, useLeaveGuard } from '../router';
import type { Route } from '../routes';
import { Loading, PageTitle, ProblemBanner, TextArea, TextField, focusFirstProblem, useTitle } from '../ui';
import { t, tm, type Key, type Message } from '../i18n';
import { checkDraft, parseTags } from '../validate';
import { checkHandoff, NONCE, type HandedPage } from '../handoff';
import { putHandoff, takeHandoff } from '../idb';
import { DraftFields, ImportPicture } from './ImportDraftFields';
import { DRAFT_FIELDS, draftOf, findMine, groupsOf, slimHtml, type ImportDraft } from '../import-draft';

type Mode = 'url' | 'html' | 'text';
type Preview = ScrapedRecipe;
type ImportSource = NonNullable<Paths['/recipes/import']['post']['requestBody']>['content']['application/json'];

/** A refusal from the site or of the address, where pasting the page can still work. */
const REFUSED = new Set([403, 422, 502, 504]);

export function ImportPage({ route }: { route: Route }) {
  const viaBookmarklet = route.query.get('via') === 'bookmarklet';
  const handoffKey = route.query.get('handoff');
  const [mode, setMode] = useState<Mode>(viaBookmarklet || handoffKey ? 'html' : 'url');
  const [sender, setSender] = useState<HandedPage | null>(null);
  const [refused, setRefused] = useState<Message | null>(null);
  const [url, setUrl] = useState(route.query.get('url') ?? '');
  const [visibility, setVisibility] = useState<Visibility>(defaultVisibility);
  const [pageUrl, setPageUrl] = useState('');
  const [html, setHtml] = useState('');
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState<'' | 'preview' | 'save'>('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [waiting, setWaiting] = useState(viaBookmarklet || !!handoffKey);
  const [draft, setDraft] = useState<ImportDraft | null>(null);
  const [original, setOriginal] = useState<ImportDraft | null>(null);
  const [duplicate, setDuplicate] = useState<{ id: number; title: string } | null>(null);
  const [failedMode, setFailedMode] = useState<Mode | null>(null);
  const previewRef = useRef<HTMLElement>(null);
  useTitle(t('import.pageTitle'));
  const edited = draft !== null && original !== null && DRAFT_FIELDS.some((k) => draft[k] !== original[k]);
  useLeaveGuard(edited);

  const input = (m: Mode = mode, h = html, u = mode === 'url' ? url : pageUrl): ImportSource => {
    if (m === 'url') return { url: u.trim() };
    if (m === 'html') return u.trim() ? { html: slimHtml(h), url: u.trim() } : { html: slimHtml(h) };
    return { text };
  };

  const runPreview = async (m: Mode = mode, h = html, u?: string) => {
    setBusy('preview');
    setProblem(null);
    setPreview(null);
    setDraft(null);
    setDuplicate(null);
    setFailedMode(null);
    try {
      const body = input(m, h, u);
      const { data } = await unwrap(api.POST('/scrape/recipe', { body }));
      setPreview(data);
      const d = draftOf(data);
      setDraft(d);
      setOriginal(d);
      const address = data.source_url ?? ('url' in body ? body.url : undefined);
      // Already among the cook's recipes: offer it (a failed look-up only loses the offer).
      if (address) findMine(address).then(setDuplicate, () => undefined);
    } catch (err) {
      setProblem(err as ApiProblem);
      setFailedMode(m);
    } finally {
      setBusy('');
    }
  };

  const save = async () => {
    if (!draft || !preview) return;
    // An empty time is an unknown one: saved as 0, as an import without a time is.
    const time = draft.time_minutes.trim() || '0';
    const bad = edited ? checkDraft({ ...draft, time_minutes: time, source_url: '', image_url: '' }) : {};
    if (Object.keys(bad).length) {
      setProblem(new ApiProblem(400, fixFields(bad), undefined, bad));
      focusFirstProblem(previewRef.current);
      return;
    }
    setBusy('save');
    setProblem(null);
    try {
      let id: number;
      if (!edited) {
        // As read: the server saves it with its own limits (lines cut, too many lines left out).
        ({ id } = (await unwrap(api.POST('/recipes/import', { params: { query: { visibility } }, body: input() }))).data);
      } else {
        const groups = groupsOf(draft.ingredients);
        ({ id } = (
          await unwrap(
            api.POST('/recipes', {
              body: {
                title: draft.title.trim(),
                time_minutes: Number(time),
                servings: draft.servings.trim() ? Number(draft.servings) : undefined,
                ...(groups.some((g) => g.name)
                  ? { ingredient_groups: groups }
                  : { ingredients: groups.flatMap((g) => g.ingredients).join('\n') }),
                instructions: draft.instructions.trim() || undefined,
                tags: parseTags(draft.tags),
                source_url: preview.source_url ?? undefined,
                image_url: preview.image_url ?? undefined,
                visibility,
              },
            }),
          )
        ).data);
        // Saved as corrected, the page's picture is stored as an import stores it; without it if it cannot be had.
        if (preview.image_url)
          await api.PUT('/recipes/{id}/image', { params: { path: { id } }, body: { url: preview.image_url } }).catch(() => undefined);
      }
      navigate(`/recipe/${id}`, { force: true });
    } catch (err) {
      setProblem(err as ApiProblem);
      setBusy('');
      focusFirstProblem(previewRef.current);
    }
  };

  /** After a refused address: the same address, now with the page pasted. */
  const pasteInstead = () => {
    setMode('html');
    setPageUrl(url);
    setProblem(null);
    setFailedMode(null);
    requestAnimationFrame(() => document.getElementById('f-html')?.focus());
  };

  // ?url=: fill in and preview at once.
  useEffect(() => {
    if (!viaBookmarklet && route.query.get('url')) void runPreview('url', '', route.query.get('url') ?? '');
  }, []);

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
    return () => {
      removeEventListener('message', onMessage);
      clearTimeout(timeout);
    };
  }, []);

  // After the move: the page, once, from IndexedDB; the address loses its key.
  useEffect(() => {
    if (!handoffKey) return;
    history.replaceState(null, '', '/import');
    takeHandoff<HandedPage>(handoffKey)
      .then((page) => {
        if (page) show(page);
        else {
          setWaiting(false);
          setRefused({ key: 'import.handoffGone' });
        }
      })
      .catch(() => {
        setWaiting(false);
        setRefused({ key: 'import.handoffUnreadable' });
      });
  }, []);

  const f = problem?.fields ?? {};

  return (
    <section>
      <PageTitle>{t('import.pageTitle')}</PageTitle>
      <p>
        {t('import.intro')} <a href="/bookmarklet">{t('import.getBookmarklet')}</a> {t('import.introAfter')}
      </p>
      <form
        class="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          void runPreview();
        }}
      >
        <fieldset class="modes">
          <legend>{t('import.from')}</legend>
          {(
            [
              ['url', 'import.mode.url'],
              ['html', 'import.mode.html'],
              ['text', 'import.mode.text'],
            ] as [Mode, Key][]
          ).map(([m, l]) => (
            <label key={m} class="radio">
              <input
                type="radio"
                name="mode"
                value={m}
                checked={mode === m}
                onChange={() => {
                  setMode(m);
                  setPreview(null);
                  setProblem(null);
                }}
              />{' '}
              {tm({ key: l })}
            </label>
          ))}
        </fieldset>
        {mode === 'url' && (
          <TextField
            label={t('import.address')}
            name="url"
            type="url"
            value={url}
            onValue={setUrl}
            error={f.url}
            placeholder="https://…"
            required
            hint={t('import.addressHint')}
          />
        )}
        {mode === 'html' && (
          <>
            {waiting && <Loading label={t('import.waiting')} />}
            {sender && (
              <div class="banner banner-ok handoff" role="status">
                <p>
                  {t('import.sentBy')} <strong class="sender-origin">{sender.origin}</strong>
                </p>
                <p>{t('import.sentByAdvice')}</p>
              </div>
            )}
            <TextArea
              label={t('import.html')}
              name="html"
              value={html}
              onValue={setHtml}
              error={f.html}
              rows={8}
              class="mono"
              hint={t('import.htmlHint')}
            />
            <TextField
              label={t('import.pageAddress')}
              name="page_url"
              type="url"
              value={pageUrl}
              onValue={setPageUrl}
              error={f.url}
              hint={t('import.pageAddressHint')}
            />
          </>
        )}
        {mode === 'text' && (
          <TextArea
            label={t('import.text')}
            name="text"
            value={text}
            onValue={setText}
            error={f.text}
            rows={10}
            hint={t('import.textHint')}
          />
        )}
        <p class="actions">
          <button type="submit" disabled={busy !== ''}>
            {busy === 'preview' ? t('import.reading') : t('import.preview')}
          </button>
        </p>
      </form>
      {refused && (
        <div class="banner banner-error handoff-refused" role="alert">
          <p>{tm(refused)}</p>
        </div>
      )}
      <ProblemBanner
        problem={problem?.status === 422 && problem.code === 'UNPROCESSABLE' ? new ApiProblem(422, { key: 'error.noRecipe' }) : problem}
        onRetry={() => void runPreview()}
        shown={draft ? DRAFT_FIELDS : mode === 'url' ? ['url'] : mode === 'html' ? ['html', 'url'] : ['text']}
      />
      {problem && failedMode === 'url' && REFUSED.has(problem.status) && (
        <p class="actions paste-instead">
          <button type="button" onClick={pasteInstead}>
            {t('import.pasteInstead')}
          </button>
          <span class="muted">{t('import.pasteInsteadHint')}</span>
        </p>
      )}
      <div class="preview-area" aria-live="polite" aria-busy={busy === 'preview' ? 'true' : 'false'}>
        {busy === 'preview' && <Loading label={t('import.readingRecipe')} />}
        {preview && draft && (
          <section class="preview" aria-labelledby="preview-title" ref={previewRef}>
            <h2 id="preview-title">{t('import.previewTitle', { title: draft.title || preview.title })}</h2>
            {duplicate && (
              <div class="banner banner-ok duplicate" role="status">
                <p>{t('import.duplicate', { title: duplicate.title })}</p>
                <p class="actions">
                  <a class="button" href={`/recipe/${duplicate.id}`}>
                    {t('import.openDuplicate')}
                  </a>{' '}
                  <span class="muted">{t('import.duplicateOr')}</span>
                </p>
              </div>
            )}
            <p class="hint">{t('import.correct')}</p>
            <ImportPicture imageUrl={preview.image_url} />
            <DraftFields draft={draft} setDraft={setDraft} errors={f} />
            <VisibilityField value={visibility} onValue={setVisibility} />
            <p class="actions">
              <button type="button" onClick={save} disabled={busy !== ''}>
                {busy === 'save' ? t('import.saving') : duplicate ? t('import.saveAnyway') : t('import.save')}
              </button>
              <button
                type="button"
                class="button-secondary"
                onClick={() => {
                  setPreview(null);
                  setDraft(null);
                  setOriginal(null);
                  setDuplicate(null);
                }}
              >
                {t('import.discard')}
              </button>
            </p>
          </section>
        )}
      </div>
    </section>
  );
}
