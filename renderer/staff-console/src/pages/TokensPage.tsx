// 注册码: single-use enrolment tokens for provisioning kiosks in an area; a token is shown once, then only its
// state. An unused token can be revoked.
import { useState, type FormEvent } from 'react';
import { api, problemText } from '../api.ts';
import { useLoad } from '../load.ts';
import { beijing, TOKEN_STATE_NAMES } from '../names.ts';

interface TokenRow {
  tokenSha256: string;
  region: string;
  rekeyKioskCode: string | null;
  issuedAt: string;
  expiresAt: string;
  usedByKiosk: string | null;
  state: string;
}

export function TokensPage() {
  const { data, problem, reload } = useLoad(() => api.get<{ tokens: TokenRow[] }>('/enrolment-tokens'), 'tokens');
  const [region, setRegion] = useState('');
  const [hours, setHours] = useState('24');
  const [kioskCode, setKioskCode] = useState('');
  const [issued, setIssued] = useState<{ token: string; expiresAt: string } | null>(null);
  const [message, setMessage] = useState('');
  const issue = async (event: FormEvent) => {
    event.preventDefault();
    setMessage('');
    try {
      setIssued(
        await api.post('/enrolment-tokens', {
          region: region.trim(),
          validMinutes: Math.round(Number(hours) * 60),
          ...(kioskCode.trim() ? { kioskCode: kioskCode.trim() } : {}),
        }),
      );
      reload();
    } catch (error) {
      setMessage(problemText(error));
    }
  };
  const revoke = async (sha: string) => {
    try {
      await api.post(`/enrolment-tokens/${sha}/revoke`);
      setMessage('已撤销');
      reload();
    } catch (error) {
      setMessage(problemText(error));
    }
  };
  return (
    <section>
      <h1>注册码</h1>
      <form className="filters" onSubmit={(event) => void issue(event)} data-testid="token-form">
        <label>
          区划代码
          <input value={region} onChange={(event) => setRegion(event.target.value)} placeholder="如 440825" required />
        </label>
        <label>
          有效小时
          <input value={hours} onChange={(event) => setHours(event.target.value)} inputMode="numeric" />
        </label>
        <label>
          更换密钥的终端编号（可不填）
          <input value={kioskCode} onChange={(event) => setKioskCode(event.target.value)} />
        </label>
        <button type="submit">生成注册码</button>
      </form>
      {issued && (
        <p className="issued">
          新注册码（只显示这一次，{beijing(issued.expiresAt)} 前有效）：
          <code data-testid="issued-token">{issued.token}</code>
        </p>
      )}
      {message && <p role="status">{message}</p>}
      {problem && <p className="problem">{problem}</p>}
      <table data-testid="token-list">
        <thead>
          <tr>
            <th>编号</th>
            <th>区划</th>
            <th>生成时间</th>
            <th>有效期至</th>
            <th>状态</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data?.tokens.map((token) => (
            <tr key={token.tokenSha256} data-testid="token-row" data-sha={token.tokenSha256}>
              <td>{token.tokenSha256.slice(0, 12)}</td>
              <td>
                {token.region}
                {token.rekeyKioskCode ? `（${token.rekeyKioskCode}）` : ''}
              </td>
              <td>{beijing(token.issuedAt)}</td>
              <td>{beijing(token.expiresAt)}</td>
              <td data-testid="token-state">
                {TOKEN_STATE_NAMES[token.state] ?? token.state}
                {token.usedByKiosk ? `（${token.usedByKiosk}）` : ''}
              </td>
              <td>
                {token.state === 'valid' && (
                  <button type="button" onClick={() => void revoke(token.tokenSha256)}>
                    撤销
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
