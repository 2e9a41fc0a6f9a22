/** Shopping lists: all of the household's, and one list grouped by aisle, checked items at the bottom, live and usable offline. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { unwrap, type ApiProblem } from '../api/problem';
import { t } from '../i18n';
import { flushChecks, openLive, pendingChecks, sendCheck, type Item } from '../live-list';
import { navigate } from '../router';
import type { Route } from '../routes';
import { Loading, PageTitle, ProblemBanner, useTitle } from '../ui';

const AISLES = ['produce', 'dairy', 'meat-fish', 'bakery', 'pantry', 'spices', 'frozen', 'drinks', 'other'] as const;

export function ListsPage() {
  useTitle(t('lists.pageTitle'));
  const [lists, setLists] = useState<{ id: number; name: string; items: number; checked: number }[] | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  useEffect(() => {
    unwrap(api.GET('/lists')).then(({ data }) => setLists(data), setProblem);
  }, []);
  const create = async (form: HTMLFormElement) => {
    const name = String(new FormData(form).get('name') ?? '').trim();
    if (!name) return;
    try {
      navigate(`/shopping/${(await unwrap(api.POST('/lists', { body: { name } }))).data.id}`);
    } catch (err) {
      setProblem(err as ApiProblem);
    }
  };
  return (
    <section class="lists">
      <PageTitle>{t('lists.title')}</PageTitle>
      {problem && <ProblemBanner problem={problem} />}
      {lists === null ? (
        !problem && <Loading />
      ) : (
        <ul class="list-links">
          {lists.map((l) => (
            <li key={l.id}>
              <a href={`/shopping/${l.id}`}>{l.name}</a>{' '}
              <span class="muted">{t('lists.counts', { items: l.items, checked: l.checked })}</span>
            </li>
          ))}
        </ul>
      )}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void create(e.currentTarget);
        }}
      >
        <label for="list-name">{t('lists.name')}</label>
        <input id="list-name" name="name" required maxLength={100} />
        <button type="submit">{t('lists.create')}</button>
      </form>
    </section>
  );
}

export function ListPage({ route }: { route: Route }) {
  const id = Number(route.params.id);
  const [list, setList] = useState<{ name: string; items: Item[] } | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [online, setOnline] = useState(navigator.onLine);
  useTitle(list?.name ?? t('lists.pageTitle'));

  useEffect(() => {
    const load = () =>
      unwrap(api.GET('/lists/{id}', { params: { path: { id } } })).then(({ data }) => {
        // Checks still waiting to be sent show as the user left them.
        const pending = new Map(pendingChecks(id).map((q) => [q.item, q.checked]));
        setList({ name: data.name, items: data.items.map((i) => (pending.has(i.id) ? { ...i, checked: pending.get(i.id)! } : i)) });
      }, setProblem);
    void load();
    const stop = openLive(id, (e) => {
      if (e.type === 'deleted') return navigate('/shopping');
      setList((l) => {
        if (!l) return l;
        const changed = new Map(e.items.map((i) => [i.id, i]));
        const items = l.items.filter((i) => !e.removed.includes(i.id)).map((i) => changed.get(i.id) ?? i);
        for (const i of e.items) if (!l.items.some((o) => o.id === i.id)) items.push(i);
        return { ...l, items };
      });
    });
    const up = () => {
      setOnline(true);
      void flushChecks().then(load);
    };
    const down = () => setOnline(false);
    addEventListener('online', up);
    addEventListener('offline', down);
    if (navigator.onLine) void flushChecks();
    return () => {
      stop();
      removeEventListener('online', up);
      removeEventListener('offline', down);
    };
  }, [id]);

  const toggle = (item: Item) => {
    setList((l) => l && { ...l, items: l.items.map((i) => (i.id === item.id ? { ...i, checked: !item.checked } : i)) });
    sendCheck(id, item.id, !item.checked).catch(setProblem);
  };
  const add = async (form: HTMLFormElement) => {
    const text = String(new FormData(form).get('text') ?? '').trim();
    if (!text) return;
    try {
      const { data } = await unwrap(api.POST('/lists/{id}/items', { params: { path: { id } }, body: { text } }));
      form.reset();
      setList(
        (l) =>
          l && {
            ...l,
            items: l.items.some((i) => i.id === data.id) ? l.items.map((i) => (i.id === data.id ? data : i)) : [...l.items, data],
          },
      );
    } catch (err) {
      setProblem(err as ApiProblem);
    }
  };
  const clear = async () => {
    try {
      const { data } = await unwrap(api.POST('/lists/{id}/clear-checked', { params: { path: { id } } }));
      setList({ name: data.name, items: data.items });
    } catch (err) {
      setProblem(err as ApiProblem);
    }
  };

  if (!list) return problem ? <ProblemBanner problem={problem} /> : <Loading />;
  const open = list.items.filter((i) => !i.checked);
  const done = list.items.filter((i) => i.checked);
  const row = (i: Item) => (
    <li key={i.id} class={i.checked ? 'item checked' : 'item'}>
      <label>
        <input type="checkbox" checked={i.checked} onChange={() => toggle(i)} />
        <span>{i.text}</span>
      </label>
    </li>
  );
  return (
    <section class="shopping-list">
      <PageTitle>{list.name}</PageTitle>
      {!online && (
        <div class="banner" role="status">
          {t('lists.offline')}
        </div>
      )}
      {problem && <ProblemBanner problem={problem} />}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add(e.currentTarget);
        }}
      >
        <label for="item-text">{t('lists.addItem')}</label>
        <input id="item-text" name="text" required maxLength={500} />
        <button type="submit">{t('lists.add')}</button>
      </form>
      {AISLES.filter((a) => open.some((i) => i.category === a)).map((a) => (
        <section key={a} class="aisle" aria-label={t(`lists.aisle.${a}`)}>
          <h2>{t(`lists.aisle.${a}`)}</h2>
          <ul class="items">{open.filter((i) => i.category === a).map(row)}</ul>
        </section>
      ))}
      {done.length > 0 && (
        <section class="aisle done">
          <ul class="items">{done.map(row)}</ul>
          <button type="button" class="button-secondary" onClick={() => void clear()}>
            {t('lists.clearChecked')}
          </button>
        </section>
      )}
    </section>
  );
}
