/**
 * Move in: pick or drop another app's export (or this service's own), send it to POST /imports,
 * show the format the server recognised and a progress bar (GET /imports/{id}, polled: an
 * EventSource cannot send the access token), then a summary with links to what came in and every
 * skipped recipe with its reason (said in the reader's language from its code). And "Export my recipes": GET /export saved as a file.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { components } from '@gourmet/client';
import { api } from '../api/client';
import { ApiProblem, unwrap } from '../api/problem';
import { t } from '../i18n';
import { PageTitle, ProblemBanner, useTitle } from '../ui';

type Job = Pick<components['schemas']['ImportJob'], 'id' | 'status' | 'format' | 'total' | 'done' | 'imported' | 'skipped' | 'error'>;
/** Why a recipe was skipped, as the API codes it (the English reason is the API's, not shown). */
export type SkipCode = Job['skipped'][number]['code'];

/** A skip reason in the reader's language: every code the API has a message (the type checks it). */
export const skipReason = (code: SkipCode) => t(`move.skip.${code}`);

/** How the formats are named to a cook (app names are not translated). */
export const FORMAT_LABELS: Record<string, string> = {
  gourmet: 'Gourmet',
  jsonld: 'schema.org JSON-LD',
  mealie: 'Mealie',
  tandoor: 'Tandoor',
  paprika: 'Paprika',
  nextcloud: 'Nextcloud Cookbook',
  copymethat: 'Copy Me That',
  chowdown: 'Chowdown',
  plantoeat: 'Plan to Eat',
  myrecipebox: 'My Recipe Box',
};

const POLL_MS = 600;
const SHOWN_LINKS = 50;

function refusal(problem: ApiProblem | null): string | null {
  if (!problem?.code) return null;
  if (problem.code.startsWith('ARCHIVE_') || problem.code === 'PAYLOAD_TOO_LARGE') return t('move.refused');
  if (problem.code === 'IMPORT_FORMAT_UNKNOWN' || problem.code === 'IMPORT_FORMAT_MISMATCH') return t('move.unknown');
  if (problem.code === 'IMPORT_RUNNING') return t('move.running');
  return null;
}

export function MovePage() {
  useTitle(t('move.pageTitle'));
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState('auto');
  const [duplicates, setDuplicates] = useState(false);
  const [sending, setSending] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [over, setOver] = useState(false);
  const [exporting, setExporting] = useState(false);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const follow = (id: string) => {
    timer.current = window.setTimeout(async () => {
      try {
        const { data } = await unwrap(api.GET('/imports/{id}', { params: { path: { id } } }));
        setJob(data as Job);
        if (data.status === 'running') follow(id);
      } catch (err) {
        setProblem(err as ApiProblem);
      }
    }, POLL_MS);
  };

  const start = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setSending(true);
    setProblem(null);
    setJob(null);
    try {
      const { data } = await unwrap(
        api.POST('/imports', {
          params: { query: { format: format as 'auto', duplicates } },
          body: file,
          bodySerializer: (b: unknown) => b as BodyInit,
          headers: { 'Content-Type': 'application/octet-stream' },
        }),
      );
      setJob(data as Job);
      if (data.status === 'running') follow(data.id);
    } catch (err) {
      setProblem(err as ApiProblem);
    } finally {
      setSending(false);
    }
  };

  const download = async () => {
    setExporting(true);
    setProblem(null);
    try {
      const { data } = await unwrap(api.GET('/export', { parseAs: 'blob' }));
      const url = URL.createObjectURL(data as unknown as Blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `recipes-${new Date().toISOString().slice(0, 10)}.zip`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setProblem(err as ApiProblem);
    } finally {
      setExporting(false);
    }
  };

  const pick = (f: File | null | undefined) => {
    setFile(f ?? null);
    setJob(null);
    setProblem(null);
  };
  const refused = refusal(problem);

  return (
    <section class="narrow move">
      <PageTitle>{t('move.title')}</PageTitle>
      <p>{t('move.intro')}</p>
      <form onSubmit={start} aria-busy={sending}>
        <label
          class={`drop-zone${over ? ' drop-over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            setOver(false);
            pick(e.dataTransfer?.files[0]);
          }}
        >
          <span>{t('move.drop')}</span>
          <input type="file" name="file" onChange={(e) => pick((e.currentTarget as HTMLInputElement).files?.[0])} />
          {file && <span class="drop-file">{t('move.chosen', { name: file.name })}</span>}
        </label>
        <p>
          <label for="move-format">{t('move.format')}</label>{' '}
          <select id="move-format" value={format} onChange={(e) => setFormat((e.currentTarget as HTMLSelectElement).value)}>
            <option value="auto">{t('move.auto')}</option>
            {Object.entries(FORMAT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label>
            <input type="checkbox" checked={duplicates} onChange={(e) => setDuplicates((e.currentTarget as HTMLInputElement).checked)} />{' '}
            {t('move.duplicates')}
          </label>
        </p>
        <p class="actions">
          <button type="submit" disabled={!file || sending || job?.status === 'running'}>
            {sending ? t('move.reading') : t('move.start')}
          </button>
        </p>
      </form>
      {refused ? (
        <p role="alert" class="problem">
          {refused}
        </p>
      ) : (
        <ProblemBanner problem={problem} />
      )}
      {job && <JobView job={job} />}
      <h2>{t('move.exportTitle')}</h2>
      <p>{t('move.exportText')}</p>
      <p class="actions">
        <button type="button" class="button-secondary" onClick={() => void download()} disabled={exporting}>
          {exporting ? t('move.exporting') : t('move.export')}
        </button>
      </p>
    </section>
  );
}

function JobView({ job }: { job: Job }) {
  return (
    <div class="move-job" aria-live="polite">
      <p class="move-format">{t('move.recognised', { format: FORMAT_LABELS[job.format] ?? job.format })}</p>
      <label class="move-progress">
        {t('move.progress', { done: job.done, total: job.total })}
        <progress value={job.done} max={Math.max(1, job.total)} />
      </label>
      {job.status === 'failed' && <p role="alert">{t('move.failed')}</p>}
      {job.status !== 'running' && (
        <>
          <p class="move-summary">{t('move.imported', { count: job.imported.length })}</p>
          {job.imported.length > 0 && (
            <ul class="move-links">
              {job.imported.slice(0, SHOWN_LINKS).map((id) => (
                <li key={id}>
                  <a href={`/recipe/${id}`}>{t('move.recipeLink', { id })}</a>
                </li>
              ))}
            </ul>
          )}
          {job.imported.length > SHOWN_LINKS && (
            <p>
              <a href="/">{t('move.allRecipes')}</a>
            </p>
          )}
          {job.skipped.length > 0 && (
            <>
              <h2>{t('move.skippedTitle', { count: job.skipped.length })}</h2>
              <ul class="move-skipped">
                {job.skipped.map((s, i) => (
                  <li key={i}>
                    <strong>{s.name}</strong>: {skipReason(s.code)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}
