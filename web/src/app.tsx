/** The shell: header and navigation, the page for the route, and the session gate. */
import { useEffect, useState } from 'preact/hooks';
import { navigate, useRoute } from './router';
import type { Route } from './routes';
import { onSession, restoreSession, sessionState, signOut, type SessionState } from './session';
import { CatalogPage } from './pages/Catalog';
import { RecipePage } from './pages/RecipePage';
import { EditPage } from './pages/EditPage';
import { ImportPage } from './pages/ImportPage';
import { SignInPage, SignUpPage } from './pages/AuthPages';
import { BookmarkletPage } from './pages/BookmarkletPage';
import { Loading, PageTitle, ProblemBanner, useTitle } from './ui';
import { takeFlash } from './flash';

const PUBLIC = new Set(['signIn', 'signUp', 'bookmarklet', 'notFound']);

function useSession(): SessionState {
  const [s, setS] = useState(sessionState);
  useEffect(() => onSession(setS), []);
  return s;
}

export function App() {
  const route = useRoute();
  const session = useSession();
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => { setMessage(takeFlash()); window.scrollTo(0, 0); }, [route.path, route.query.toString()]);

  const needsLogin = !PUBLIC.has(route.name) && session.status === 'out';
  useEffect(() => {
    // Signed-out visitors of a private page go to sign-in, and come back afterwards. The home page
    // shows a welcome instead.
    if (needsLogin && route.name !== 'catalog') navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  }, [needsLogin, route.name]);

  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <div class="wrap top-inner">
          <a class="brand" href="/">Gourmet</a>
          <nav aria-label="Main">
            <ul>
              {session.status === 'in' ? (
                <>
                  <li><a href="/" aria-current={route.name === 'catalog' ? 'page' : undefined}>Recipes</a></li>
                  <li><a href="/new" aria-current={route.name === 'create' ? 'page' : undefined}>New</a></li>
                  <li><a href="/import" aria-current={route.name === 'import' ? 'page' : undefined}>Import</a></li>
                  <li class="user"><span class="visually-hidden">Signed in as </span>{session.user?.username}</li>
                  <li><button type="button" class="link" onClick={() => { void signOut().then(() => navigate('/sign-in')); }}>Log out</button></li>
                </>
              ) : session.status === 'out' ? (
                <>
                  <li><a href="/sign-in" aria-current={route.name === 'signIn' ? 'page' : undefined}>Sign in</a></li>
                  <li><a href="/sign-up" aria-current={route.name === 'signUp' ? 'page' : undefined}>Sign up</a></li>
                </>
              ) : null}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" class="wrap" tabIndex={-1}>
        {message && <div class="banner banner-ok" role="status">{message}</div>}
        <Page route={route} session={session} />
      </main>
      <footer class="wrap foot"><a href="/apidocs">API docs</a> · <a href="/bookmarklet">Bookmarklet</a></footer>
    </>
  );
}

function Page({ route, session }: { route: Route; session: SessionState }) {
  if (PUBLIC.has(route.name)) {
    if (route.name === 'signIn') return <SignInPage route={route} />;
    if (route.name === 'signUp') return <SignUpPage route={route} />;
    if (route.name === 'bookmarklet') return <BookmarkletPage />;
    return <NotFound />;
  }
  if (session.status === 'loading') return <Loading label="Opening your catalog…" />;
  if (session.status === 'error') return <ProblemBanner problem={session.problem} onRetry={() => void restoreSession()} />;
  if (session.status === 'out') return route.name === 'catalog' ? <Welcome /> : <Loading />;
  switch (route.name) {
    case 'catalog': return <CatalogPage route={route} />;
    case 'recipe': return <RecipePage key={route.params.id} route={route} />;
    case 'create': return <EditPage key="new" route={route} />;
    case 'edit': return <EditPage key={`edit-${route.params.id}`} route={route} />;
    case 'import': return <ImportPage route={route} />;
    default: return <NotFound />;
  }
}

function Welcome() {
  useTitle('Welcome');
  return (
    <section class="welcome">
      <PageTitle>Your recipes, in one place</PageTitle>
      <p>Collect recipes from any site, scale them for the people at your table, read them in grams or cups, and find them again by tag.</p>
      <p class="actions"><a class="button" href="/sign-up">Create an account</a> <a class="button button-secondary" href="/sign-in">Sign in</a></p>
    </section>
  );
}

function NotFound() {
  useTitle('Not found');
  return <section><PageTitle>Page not found</PageTitle><p><a href="/">Back to the recipes</a></p></section>;
}
