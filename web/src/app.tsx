/** The shell: header and navigation, the page for the route, the language switch and the session gate. */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { confirmLeave, navigate, takeKeepScroll, useRoute } from './router';
import type { Route } from './routes';
import { onSession, restoreSession, sessionState, signOut, type SessionState } from './session';
import { CatalogPage } from './pages/Catalog';
import { RecipePage } from './pages/RecipePage';
import { SignInPage, SignUpPage } from './pages/AuthPages';
import { Loading, PageTitle, ProblemBanner, useTitle } from './ui';
import { takeFlash } from './flash';
import { ApiProblem } from './api/problem';
import { useAuthMethods } from './auth-methods';
import { LANGUAGE_NAMES, LANGUAGES, isLang, setLanguage, t, tm, useLanguage, type Message } from './i18n';

/**
 * A page fetched when it is first opened: the catalog and a recipe, the pages most loads land on,
 * do not download the import, edit or bookmarklet pages.
 */
function lazyPage<P>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let failed = false;
  return function LazyPage(props: P) {
    const [, setDone] = useState(0);
    useEffect(() => {
      if (loaded) return;
      load()
        .then(
          (c) => {
            loaded = c;
          },
          () => {
            failed = true;
          },
        )
        .finally(() => setDone((n) => n + 1));
    }, []);
    if (loaded) {
      const Page = loaded;
      return <Page {...(props as P & object)} />;
    }
    if (failed) return <ProblemBanner problem={new ApiProblem(0, { key: 'error.offline' })} onRetry={() => location.reload()} />;
    return <Loading />;
  };
}
const EditPage = lazyPage(async () => (await import('./pages/EditPage')).EditPage);
const ImportPage = lazyPage(async () => (await import('./pages/ImportPage')).ImportPage);
const MovePage = lazyPage(async () => (await import('./pages/MovePage')).MovePage);
const PlanPage = lazyPage(async () => (await import('./pages/PlanPage')).PlanPage);
const ListsPage = lazyPage(async () => (await import('./pages/ListsPage')).ListsPage);
const ListPage = lazyPage(async () => (await import('./pages/ListsPage')).ListPage);
const BookmarkletPage = lazyPage(async () => (await import('./pages/BookmarkletPage')).BookmarkletPage);
const HouseholdPage = lazyPage(async () => (await import('./pages/HouseholdPage')).HouseholdPage);
const AdminPage = lazyPage(async () => (await import('./pages/AdminPage')).AdminPage);
const ResetPasswordPage = lazyPage(async () => (await import('./pages/AdminPage')).ResetPasswordPage);

const PUBLIC = new Set(['signIn', 'signUp', 'bookmarklet', 'resetPassword', 'notFound']);

function useSession(): SessionState {
  const [s, setS] = useState(sessionState);
  useEffect(() => onSession(setS), []);
  return s;
}

export function App() {
  const route = useRoute();
  const session = useSession();
  // Every component reads the catalogue while rendering: a new language re-renders the whole tree.
  const lang = useLanguage();
  const [message, setMessage] = useState<Message | null>(null);
  const methods = useAuthMethods();
  useEffect(() => {
    setMessage(takeFlash());
    if (!takeKeepScroll()) window.scrollTo(0, 0);
  }, [route.path, route.query.toString()]);

  const needsLogin = !PUBLIC.has(route.name) && session.status === 'out';
  useEffect(() => {
    // Signed-out visitors of a private page go to sign-in, and come back afterwards. The home page
    // shows a welcome instead.
    if (needsLogin && route.name !== 'catalog')
      navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  }, [needsLogin, route.name]);

  const logOut = () => {
    if (!confirmLeave()) return;
    void signOut().then(() => navigate('/sign-in', { force: true }));
  };

  return (
    <>
      <a class="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header class="top">
        <div class="wrap top-inner">
          <a class="brand" href="/">
            {t('nav.brand')}
          </a>
          <nav aria-label={t('nav.main')}>
            <ul>
              {session.status === 'in' || session.status === 'offline' ? (
                <>
                  <li>
                    <a href="/" aria-current={route.name === 'catalog' ? 'page' : undefined}>
                      {t('nav.recipes')}
                    </a>
                  </li>
                  <li>
                    <a href="/new" aria-current={route.name === 'create' ? 'page' : undefined}>
                      {t('nav.new')}
                    </a>
                  </li>
                  <li>
                    <a href="/week" aria-current={route.name === 'plan' ? 'page' : undefined}>
                      {t('nav.plan')}
                    </a>
                  </li>
                  <li>
                    <a href="/shopping" aria-current={route.name === 'lists' || route.name === 'list' ? 'page' : undefined}>
                      {t('nav.lists')}
                    </a>
                  </li>
                  <li>
                    <a href="/import" aria-current={route.name === 'import' ? 'page' : undefined}>
                      {t('nav.import')}
                    </a>
                  </li>
                  <li>
                    <a href="/move" aria-current={route.name === 'move' ? 'page' : undefined}>
                      {t('nav.move')}
                    </a>
                  </li>
                  <li>
                    <a href="/my-household" aria-current={route.name === 'household' ? 'page' : undefined}>
                      {t('nav.household')}
                    </a>
                  </li>
                  {session.user?.role === 'admin' && (
                    <li>
                      <a href="/admin" aria-current={route.name === 'admin' ? 'page' : undefined}>
                        {t('nav.admin')}
                      </a>
                    </li>
                  )}
                  <li class="user">
                    <span class="visually-hidden">{t('nav.signedInAs')}</span>
                    {session.user?.username}
                  </li>
                  <li>
                    <button type="button" class="link" onClick={logOut}>
                      {t('nav.logOut')}
                    </button>
                  </li>
                </>
              ) : session.status === 'out' ? (
                <>
                  <li>
                    <a href="/sign-in" aria-current={route.name === 'signIn' ? 'page' : undefined}>
                      {t('nav.signIn')}
                    </a>
                  </li>
                  {methods?.password === true && (
                    <li>
                      <a href="/sign-up" aria-current={route.name === 'signUp' ? 'page' : undefined}>
                        {t('nav.signUp')}
                      </a>
                    </li>
                  )}
                </>
              ) : null}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" class="wrap" tabIndex={-1}>
        {message && (
          <div class="banner banner-ok" role="status">
            {tm(message)}
          </div>
        )}
        {session.status === 'offline' && (
          <div class="banner" role="status">
            {t('app.offline')}
          </div>
        )}
        <Page route={route} session={session} />
      </main>
      <footer class="wrap foot">
        <a href="/apidocs">{t('foot.apiDocs')}</a> · <a href="/bookmarklet">{t('foot.bookmarklet')}</a>
        <span class="lang-switch">
          <label for="lang">{t('foot.language')}</label>
          <select
            id="lang"
            value={lang}
            onChange={(e) => {
              const v = e.currentTarget.value;
              if (isLang(v)) void setLanguage(v, true);
            }}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </span>
      </footer>
    </>
  );
}

function Page({ route, session }: { route: Route; session: SessionState }) {
  if (PUBLIC.has(route.name)) {
    if (route.name === 'signIn') return <SignInPage route={route} />;
    if (route.name === 'signUp') return <SignUpPage route={route} />;
    if (route.name === 'bookmarklet') return <BookmarkletPage />;
    if (route.name === 'resetPassword') return <ResetPasswordPage route={route} />;
    return <NotFound />;
  }
  if (session.status === 'loading') return <Loading label={t('app.opening')} />;
  if (session.status === 'error') return <ProblemBanner problem={session.problem} onRetry={() => void restoreSession()} />;
  if (session.status === 'out') return route.name === 'catalog' ? <Welcome /> : <Loading />;
  switch (route.name) {
    case 'catalog':
      return <CatalogPage route={route} />;
    case 'recipe':
      return <RecipePage key={route.params.id} route={route} />;
    case 'create':
      return <EditPage key="new" route={route} />;
    case 'edit':
      return <EditPage key={`edit-${route.params.id}`} route={route} />;
    case 'import':
      return <ImportPage route={route} />;
    case 'move':
      return <MovePage />;
    case 'household':
      return <HouseholdPage route={route} />;
    case 'admin':
      return <AdminPage />;
    case 'plan':
      return <PlanPage route={route} />;
    case 'lists':
      return <ListsPage />;
    case 'list':
      return <ListPage key={route.params.id} route={route} />;
    default:
      return <NotFound />;
  }
}

function Welcome() {
  useTitle(t('welcome.pageTitle'));
  const methods = useAuthMethods();
  return (
    <section class="welcome">
      <PageTitle>{t('welcome.title')}</PageTitle>
      <p>{t('welcome.text')}</p>
      <p class="actions">
        {/* Offered only once the server says it takes passwords: a link shown and then taken back would lead nowhere under OIDC_ONLY. */}
        {methods?.password === true && (
          <>
            <a class="button" href="/sign-up">
              {t('welcome.signUp')}
            </a>{' '}
          </>
        )}
        <a class="button button-secondary" href="/sign-in">
          {t('welcome.signIn')}
        </a>
      </p>
    </section>
  );
}

function NotFound() {
  useTitle(t('notFound.pageTitle'));
  return (
    <section>
      <PageTitle>{t('notFound.title')}</PageTitle>
      <p>
        {t('notFound.text')} <a href="/">{t('notFound.back')}</a>
      </p>
    </section>
  );
}
