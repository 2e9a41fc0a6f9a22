/** Sign in and sign up. Signing in starts a browser session (POST /session): the refresh token goes to an HttpOnly cookie. */
import { useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import { ApiProblem, LIMITS, fixFields, unwrap } from '../api/problem';
import { checkCredentials } from '../validate';
import { navigate } from '../router';
import { safeNext } from '../next';
import type { Route } from '../routes';
import { signIn } from '../session';
import { Loading, PageTitle, ProblemBanner, TextField, focusFirstProblem, useTitle } from '../ui';
import { t, type Message } from '../i18n';
import { ssoHref, useAuthMethods } from '../auth-methods';

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
  const form = useRef<HTMLFormElement>(null);
  const title = kind === 'in' ? t('auth.signIn') : t('auth.signUp');
  useTitle(title);
  const next = safeNext(route.query.get('next'), location.origin);

  const fail = (p: ApiProblem) => {
    setProblem(p);
    setBusy(false);
    focusFirstProblem(form.current);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const problems = checkCredentials(kind, username, password);
    if (Object.keys(problems).length) return fail(new ApiProblem(400, fixFields(problems), 'VALIDATION_FAILED', problems));
    setBusy(true);
    setProblem(null);
    try {
      // A sign-up link from an invitation carries its code (needed where REGISTRATION=invite).
      const invite = route.query.get('invite') ?? undefined;
      if (kind === 'up') await unwrap(api.POST('/register', { body: { username, password, ...(invite ? { invite_code: invite } : {}) } }));
      await signIn(username, password);
      navigate(next, { replace: true });
    } catch (err) {
      const p = err as ApiProblem;
      if (p.status === 401) fail(new ApiProblem(401, { key: 'error.credentials' }, p.code));
      else if (p.status === 409 && kind === 'up') {
        const fields = { username: { key: 'field.usernameTaken' } as Message };
        fail(new ApiProblem(409, fixFields(fields), p.code, fields));
      } else fail(p);
    }
  };

  const query = next !== '/' ? `?next=${encodeURIComponent(next)}` : '';
  const methods = useAuthMethods();
  if (!methods)
    return (
      <section class="narrow">
        <PageTitle>{title}</PageTitle>
        <Loading />
      </section>
    );
  const sso = methods.oidc && (
    <p class="actions">
      <a class="button" href={ssoHref(methods, next)}>
        {t('auth.signInWith', { provider: methods.oidc.provider_name })}
      </a>
    </p>
  );
  // OIDC_ONLY: no password form and no registration; accounts are made at the first sign-in through the provider.
  if (!methods.password) {
    return (
      <section class="narrow">
        <PageTitle>{title}</PageTitle>
        <p>{t('auth.ssoOnly', { provider: methods.oidc?.provider_name ?? '' })}</p>
        {sso}
      </section>
    );
  }
  return (
    <section class="narrow">
      <PageTitle>{title}</PageTitle>
      {sso}
      {sso && <p class="or">{kind === 'in' ? t('auth.orPassword') : t('auth.orRegister')}</p>}
      <ProblemBanner problem={problem} shown={['username', 'password']} />
      <form ref={form} onSubmit={submit} noValidate>
        <TextField
          label={t('auth.username')}
          name="username"
          value={username}
          onValue={setUsername}
          autoComplete="username"
          required
          error={problem?.fields.username}
          hint={kind === 'up' ? t('auth.usernameHint') : undefined}
        />
        <TextField
          label={t('auth.password')}
          name="password"
          type="password"
          value={password}
          onValue={setPassword}
          required
          autoComplete={kind === 'in' ? 'current-password' : 'new-password'}
          error={problem?.fields.password}
          hint={kind === 'up' ? t('auth.passwordHint', { min: LIMITS.password }) : undefined}
        />
        <p class="actions">
          <button type="submit" disabled={busy}>
            {busy ? t('auth.wait') : title}
          </button>
        </p>
      </form>
      <p>
        {kind === 'in' ? (
          <>
            {t('auth.newHere')} <a href={`/sign-up${query}`}>{t('auth.signUp')}</a>
          </>
        ) : (
          <>
            {t('auth.haveAccount')} <a href={`/sign-in${query}`}>{t('auth.signIn')}</a>
          </>
        )}
      </p>
    </section>
  );
}
