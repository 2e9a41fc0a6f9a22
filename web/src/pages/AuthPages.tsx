/** Sign in and sign up. Signing in starts a browser session (POST /session): the refresh token goes to an HttpOnly cookie. */
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { ApiProblem, unwrap } from '../api/problem';
import { navigate } from '../router';
import { safeNext } from '../next';
import type { Route } from '../routes';
import { signIn } from '../session';
import { PageTitle, ProblemBanner, TextField, useTitle } from '../ui';


export function SignInPage({ route }: { route: Route }) {
  return <CredentialsPage route={route} kind="in" />;
}
export function SignUpPage({ route }: { route: Route }) {
  return <CredentialsPage route={route} kind="up" />;
}

function CredentialsPage({ route, kind }: { route: Route; kind: 'in' | 'up' }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const title = kind === 'in' ? 'Sign in' : 'Create an account';
  useTitle(title);
  const next = safeNext(route.query.get('next'), location.origin);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      if (kind === 'up') await unwrap(api.POST('/register', { body: { username, password } }));
      await signIn(username, password);
      navigate(next, { replace: true });
    } catch (err) {
      const p = err as ApiProblem;
      setProblem(p.status === 401 ? new ApiProblem(401, 'Wrong username or password.', p.code) : p);
      setBusy(false);
    }
  };

  return (
    <section class="narrow">
      <PageTitle>{title}</PageTitle>
      <ProblemBanner problem={problem} />
      <form onSubmit={submit} noValidate>
        <TextField label="Username" name="username" value={username} onValue={setUsername} autoComplete="username" required
          error={problem?.fields.username} hint={kind === 'up' ? '3–80 letters, digits, “_”, “.” or “-”' : undefined} />
        <TextField label="Password" name="password" type="password" value={password} onValue={setPassword} required
          autoComplete={kind === 'in' ? 'current-password' : 'new-password'} error={problem?.fields.password}
          hint={kind === 'up' ? 'At least 8 characters' : undefined} />
        <p class="actions"><button type="submit" disabled={busy}>{busy ? 'Please wait…' : title}</button></p>
      </form>
      <p>
        {kind === 'in'
          ? <>New here? <a href={`/sign-up${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>Create an account</a></>
          : <>Have an account? <a href={`/sign-in${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>Sign in</a></>}
      </p>
    </section>
  );
}
