/** The caller's household (members, an invite link to copy, joining with a code, leaving) and the change-password form. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { ApiProblem, unwrap } from '../api/problem';
import type { Route } from '../routes';
import { sessionState } from '../session';
import { Loading, PageTitle, ProblemBanner, TextField, useTitle } from '../ui';
import { t } from '../i18n';
import { CopyLink, NewPasswordField, Notice, useActions } from './account-parts';

interface Household {
  id: number;
  name: string;
  members: { id: number; username: string; role: 'admin' | 'member' }[];
}

export function HouseholdPage({ route }: { route: Route }) {
  useTitle(t('household.pageTitle'));
  const me = sessionState().user;
  const [household, setHousehold] = useState<Household | null>(null);
  const { problem, notice, setNotice, run } = useActions();
  const [invite, setInvite] = useState<string | null>(null);
  const [code, setCode] = useState(route.query.get('join') ?? '');
  const fetchHousehold = async () => setHousehold((await unwrap(api.GET('/household'))).data);
  const load = () => run(fetchHousehold);
  useEffect(() => void load(), []);

  const makeInvite = () =>
    run(async () => {
      const { data } = await unwrap(api.POST('/household/invitations'));
      setInvite(`${location.origin}/my-household?join=${encodeURIComponent(data.code)}`);
    });
  const join = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      setHousehold((await unwrap(api.POST('/household/join', { body: { code: code.trim() } }))).data);
      setCode('');
      setNotice(t('household.joined'));
    });
  };
  const remove = (id: number) => {
    const self = id === me?.id;
    if (!confirm(self ? t('household.leaveConfirm') : t('household.removeConfirm'))) return;
    void run(async () => {
      await unwrap(api.DELETE('/household/members/{user_id}', { params: { path: { user_id: id } } }));
      await fetchHousehold();
      setNotice(self ? t('household.left') : t('household.removed'));
    });
  };

  return (
    <section class="narrow">
      <PageTitle>{t('household.title')}</PageTitle>
      <ProblemBanner problem={problem} onRetry={() => void load()} />
      <Notice text={notice} />
      {!household ? (
        <Loading />
      ) : (
        <>
          <h2>{household.name}</h2>
          <ul class="members" aria-label={t('household.members')}>
            {household.members.map((m) => (
              <li key={m.id}>
                <span>
                  {m.username}
                  {m.role === 'admin' ? ` (${t('household.admin')})` : ''}
                </span>
                {household.members.length > 1 && (
                  <button type="button" class="link" onClick={() => remove(m.id)}>
                    {m.id === me?.id ? t('household.leave') : t('household.remove', { name: m.username })}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <p class="actions">
            <button type="button" onClick={() => void makeInvite()}>
              {t('household.invite')}
            </button>
          </p>
          {invite && <CopyLink href={invite} label={t('household.inviteLink')} />}
        </>
      )}
      <form class="join" onSubmit={join}>
        <h2>{t('household.joinTitle')}</h2>
        <TextField label={t('household.code')} name="code" value={code} onValue={setCode} hint={t('household.codeHint')} />
        <p class="actions">
          <button type="submit" disabled={code.trim().length < 16}>
            {t('household.join')}
          </button>
        </p>
      </form>
      <PasswordForm />
    </section>
  );
}

/** PUT /me/password: every session ends, this one included, so the page signs in again. */
function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setProblem(null);
    try {
      await unwrap(api.PUT('/me/password', { body: { current_password: current, new_password: next } }));
      setDone(true);
      setCurrent('');
      setNext('');
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : null);
    }
  };
  return (
    <form class="password" onSubmit={submit}>
      <h2>{t('account.passwordTitle')}</h2>
      <ProblemBanner problem={problem} />
      <Notice text={done ? t('account.passwordChanged') : null} />
      <TextField
        label={t('account.currentPassword')}
        name="current_password"
        type="password"
        autoComplete="current-password"
        value={current}
        onValue={setCurrent}
      />
      <NewPasswordField value={next} onValue={setNext} />
      <p class="actions">
        <button type="submit" disabled={!current || next.length < 8}>
          {t('account.changePassword')}
        </button>
      </p>
    </form>
  );
}
