/** Account administration (admins only): accounts, reset links, invitations, removing an account. And the page a reset link opens. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { ApiProblem, unwrap } from '../api/problem';
import { navigate } from '../router';
import type { Route } from '../routes';
import { Loading, PageTitle, ProblemBanner, useTitle } from '../ui';
import { t } from '../i18n';
import { CopyLink, NewPasswordField, Notice, roleName, useActions } from './account-parts';

interface Account {
  id: number;
  username: string;
  role: 'admin' | 'member';
  household_id: number | null;
}

export function AdminPage() {
  useTitle(t('admin.pageTitle'));
  const [users, setUsers] = useState<Account[] | null>(null);
  const { problem, notice, setNotice, run } = useActions();
  const [link, setLink] = useState<{ label: string; href: string } | null>(null);
  const load = () =>
    run(async () => setUsers((await unwrap(api.GET('/admin/users', { params: { query: { limit: 1000, offset: 0 } } }))).data));
  useEffect(() => void load(), []);

  const reset = (u: Account) =>
    run(async () => {
      const { data } = await unwrap(api.POST('/admin/users/{id}/password-reset', { params: { path: { id: u.id } } }));
      setLink({
        label: t('admin.resetLink', { name: u.username }),
        href: `${location.origin}/reset-password?code=${encodeURIComponent(data.code)}`,
      });
    });
  const invite = () =>
    run(async () => {
      const { data } = await unwrap(api.POST('/admin/invitations'));
      setLink({ label: t('admin.inviteLink'), href: `${location.origin}/sign-up?invite=${encodeURIComponent(data.code)}` });
    });
  const remove = (u: Account) => {
    // The question the API answers one way: say which before anything happens.
    if (!confirm(t('admin.removeConfirm', { name: u.username }))) return;
    void run(async () => {
      const { data } = await unwrap(api.DELETE('/admin/users/{id}', { params: { path: { id: u.id } } }));
      await load();
      setNotice(t('admin.removed', { name: u.username, deleted: data.recipes_deleted, passed: data.recipes_passed_on }));
    });
  };

  return (
    <section>
      <PageTitle>{t('admin.title')}</PageTitle>
      <ProblemBanner problem={problem} onRetry={() => void load()} />
      <Notice text={notice} />
      <p class="actions">
        <button type="button" onClick={() => void invite()}>
          {t('admin.invite')}
        </button>
      </p>
      {link && <CopyLink href={link.href} label={link.label} />}
      {!users ? (
        <Loading />
      ) : (
        <table class="accounts">
          <caption>{t('admin.accounts', { count: users.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.username')}</th>
              <th scope="col">{t('admin.role')}</th>
              <th scope="col">{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{roleName(u.role)}</td>
                <td>
                  <button type="button" class="link" onClick={() => void reset(u)}>
                    {t('admin.reset')}
                  </button>{' '}
                  <button type="button" class="link" onClick={() => remove(u)}>
                    {t('admin.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** POST /password-reset with the code of the link an admin gave. */
export function ResetPasswordPage({ route }: { route: Route }) {
  useTitle(t('reset.pageTitle'));
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const code = route.query.get('code') ?? '';
  const submit = async (e: Event) => {
    e.preventDefault();
    setProblem(null);
    try {
      await unwrap(api.POST('/password-reset', { body: { code, new_password: password } }));
      navigate('/sign-in', { replace: true, force: true });
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : null);
    }
  };
  return (
    <section class="narrow">
      <PageTitle>{t('reset.title')}</PageTitle>
      <ProblemBanner problem={problem} />
      <form onSubmit={submit}>
        <NewPasswordField value={password} onValue={setPassword} />
        <p class="actions">
          <button type="submit" disabled={!code || password.length < 8}>
            {t('reset.submit')}
          </button>
        </p>
      </form>
    </section>
  );
}
