// The staff console: sign-in, then one page per area the account's roles open (hash routes, so the hub serves
// one index.html). The session lives in an HttpOnly cookie; this page holds only its CSRF token.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { STAFF_ROLE_NAMES, type StaffRole } from '../../../core/protocol/staff.ts';
import { api, problemText, setApiSession, type Session, type SessionProbe } from './api.ts';
import { AuditPage } from './pages/AuditPage.tsx';
import { CasePage } from './pages/CasePage.tsx';
import { CasesPage } from './pages/CasesPage.tsx';
import { CataloguePage } from './pages/CataloguePage.tsx';
import { EditorPage } from './pages/EditorPage.tsx';
import { FleetPage } from './pages/FleetPage.tsx';
import { ReviewsPage } from './pages/ReviewsPage.tsx';
import { TokensPage } from './pages/TokensPage.tsx';

interface Area {
  path: string;
  title: string;
  role: StaffRole;
}

const AREAS: Area[] = [
  { path: 'cases', title: '办件', role: 'case_worker' },
  { path: 'reviews', title: '好差评', role: 'case_worker' },
  { path: 'fleet', title: '终端设备', role: 'fleet_admin' },
  { path: 'tokens', title: '注册码', role: 'fleet_admin' },
  { path: 'audit', title: '操作记录', role: 'fleet_admin' },
  { path: 'catalogue', title: '事项目录', role: 'catalogue_editor' },
  { path: 'editor', title: '目录编辑', role: 'catalogue_editor' },
];

function useHashRoute(): string[] {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function SignIn({ onSignedIn, notice }: { onSignedIn: (session: Session) => void; notice: string }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem('');
    try {
      onSignedIn(await api.post<Session>('/session', { name: name.trim(), password }));
    } catch (error) {
      setProblem(problemText(error));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <form onSubmit={(event) => void submit(event)} data-testid="sign-in">
        <h1>管理控制台登录</h1>
        {notice && <p className="notice">{notice}</p>}
        <label>
          账号
          <input value={name} onChange={(event) => setName(event.target.value)} autoComplete="username" required />
        </label>
        <label>
          密码
          <input
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoComplete="current-password"
            required
          />
        </label>
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy}>
          登录
        </button>
      </form>
    </main>
  );
}

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [notice, setNotice] = useState('');
  const route = useHashRoute();

  const signedOut = useCallback(() => {
    setSession(null);
    setNotice('登录已过期，请重新登录');
  }, []);
  setApiSession(session ?? null, signedOut);

  useEffect(() => {
    api.get<SessionProbe & Partial<Session>>('/session').then(
      (probe) => setSession(probe.signedIn ? (probe as Session) : null),
      () => setSession(null),
    );
  }, []);

  if (session === undefined) return <p className="loading">正在加载…</p>;
  if (session === null) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(signedIn) => {
          setNotice('');
          setSession(signedIn);
        }}
      />
    );
  }

  const areas = AREAS.filter((area) => session.roles.includes(area.role));
  const [page = areas[0]?.path, ...rest] = route;
  const area = areas.find((entry) => entry.path === page) ?? areas[0];
  const signOut = async () => {
    await api.delete('/session').catch(() => undefined);
    setNotice('');
    setSession(null);
  };

  return (
    <div className="console">
      <header>
        <strong>村级自助终端 · 管理控制台</strong>
        <nav>
          {areas.map((entry) => (
            <a key={entry.path} href={`#/${entry.path}`} className={entry === area ? 'current' : ''}>
              {entry.title}
            </a>
          ))}
        </nav>
        <span data-testid="signed-in-as">
          {session.account}（{session.roles.map((role) => STAFF_ROLE_NAMES[role]).join('、')}）
        </span>
        <button type="button" onClick={() => void signOut()}>
          退出
        </button>
      </header>
      <main>
        {area?.path === 'cases' && (rest[0] ? <CasePage caseId={rest[0]} /> : <CasesPage />)}
        {area?.path === 'reviews' && <ReviewsPage />}
        {area?.path === 'fleet' && <FleetPage />}
        {area?.path === 'tokens' && <TokensPage />}
        {area?.path === 'audit' && <AuditPage />}
        {area?.path === 'catalogue' && <CataloguePage />}
        {area?.path === 'editor' && <EditorPage />}
      </main>
    </div>
  );
}
