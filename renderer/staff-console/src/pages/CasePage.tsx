// 办件详情: what the citizen submitted (applicant, form fields, consents, attachments and signature), the status
// history, and a status change with its reason, which the kiosk shows the citizen under 我的办件.
import { useState, type FormEvent } from 'react';
import { api, problemText } from '../api.ts';
import { useLoad } from '../load.ts';
import { beijing, CASE_STATUS_NAMES } from '../names.ts';

interface Attachment {
  kind: string;
  contentType: string;
  sha256: string;
  size: number;
}

interface CaseDetail {
  caseId: string;
  acceptanceNumber: string;
  serviceId: string;
  kioskCode: string;
  region: string;
  createdAt: string;
  receivedAt: string;
  status: string;
  statusReason: string | null;
  statusMissing: string[];
  submission: {
    payload:
      | {
          kind: 'application';
          applicant: Record<string, string>;
          fields: Record<string, string>;
          consents: { document: string; agreed: boolean; at: string }[];
          attachments: Attachment[];
        }
      | { kind: 'rating' };
  };
  history: { status: string; reason: string | null; missing: string[]; at: string }[];
}

const APPLICANT_LABELS: Record<string, string> = {
  name: '姓名',
  idNumber: '身份证号',
  sex: '性别',
  birthDate: '出生日期',
  address: '住址',
  phone: '电话',
};

const SEX_NAMES: Record<string, string> = { female: '女', male: '男' };

const NEXT_STATUSES = ['accepted', 'in-progress', 'needs-materials', 'completed', 'rejected'];

function StatusForm({ caseId, onChanged }: { caseId: string; onChanged: () => void }) {
  const [status, setStatus] = useState('accepted');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState('');
  const [message, setMessage] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const list = missing
      .split(/[\n,，、]/)
      .map((item) => item.trim())
      .filter(Boolean);
    try {
      await api.post(`/cases/${encodeURIComponent(caseId)}/status`, {
        status,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(status === 'needs-materials' ? { missing: list } : {}),
      });
      setMessage(`已改为「${CASE_STATUS_NAMES[status]}」，终端将显示给群众`);
      setReason('');
      setMissing('');
      onChanged();
    } catch (error) {
      setMessage(problemText(error));
    }
  };
  return (
    <form className="status-form" onSubmit={(event) => void submit(event)} data-testid="status-form">
      <h2>更改状态</h2>
      <label>
        新状态
        <select value={status} onChange={(event) => setStatus(event.target.value)} data-testid="status-select">
          {NEXT_STATUSES.map((value) => (
            <option key={value} value={value}>
              {CASE_STATUS_NAMES[value]}
            </option>
          ))}
        </select>
      </label>
      <label>
        原因或说明{status === 'rejected' ? '（必填）' : '（群众可见）'}
        <textarea value={reason} onChange={(event) => setReason(event.target.value)} data-testid="status-reason" />
      </label>
      {status === 'needs-materials' && (
        <label>
          需补充的材料（每行一项）
          <textarea value={missing} onChange={(event) => setMissing(event.target.value)} />
        </label>
      )}
      <button type="submit" data-testid="status-submit">
        提交
      </button>
      {message && (
        <p role="status" data-testid="status-message">
          {message}
        </p>
      )}
    </form>
  );
}

export function CasePage({ caseId }: { caseId: string }) {
  const { data, problem, reload } = useLoad(() => api.get<CaseDetail>(`/cases/${encodeURIComponent(caseId)}`), caseId);
  if (problem) return <p className="problem">{problem}</p>;
  if (!data) return <p>正在加载…</p>;
  const payload = data.submission.payload;
  return (
    <section data-testid="case-page">
      <p>
        <a href="#/cases">← 返回办件列表</a>
      </p>
      <h1>
        {data.acceptanceNumber}（{data.caseId}）
      </h1>
      <dl className="facts">
        <dt>事项</dt>
        <dd>{data.serviceId}</dd>
        <dt>终端</dt>
        <dd>
          {data.kioskCode}（{data.region}）
        </dd>
        <dt>申请时间</dt>
        <dd>{beijing(data.createdAt)}</dd>
        <dt>接收时间</dt>
        <dd>{beijing(data.receivedAt)}</dd>
        <dt>当前状态</dt>
        <dd data-testid="case-status">{CASE_STATUS_NAMES[data.status] ?? data.status}</dd>
        {data.statusReason && (
          <>
            <dt>原因</dt>
            <dd>{data.statusReason}</dd>
          </>
        )}
      </dl>
      {payload.kind === 'application' && (
        <>
          <h2>申请人</h2>
          <dl className="facts" data-testid="case-applicant">
            {Object.entries(payload.applicant).map(([key, value]) => (
              <div key={key}>
                <dt>{APPLICANT_LABELS[key] ?? key}</dt>
                <dd>{(key === 'sex' ? SEX_NAMES[value] : undefined) ?? (value || '—')}</dd>
              </div>
            ))}
          </dl>
          <h2>表单内容</h2>
          <dl className="facts" data-testid="case-fields">
            {Object.entries(payload.fields).map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <h2>告知与同意</h2>
          <ul data-testid="case-consents">
            {payload.consents.map((consent) => (
              <li key={consent.document}>
                {consent.document}：{consent.agreed ? '已同意' : '未同意'}（{beijing(consent.at)}）
              </li>
            ))}
            {payload.consents.length === 0 && <li>无</li>}
          </ul>
          <h2>附件与签名</h2>
          <ul className="attachments">
            {payload.attachments.map((attachment) => {
              const href = `/staff/api/cases/${encodeURIComponent(data.caseId)}/attachments/${attachment.sha256}`;
              return (
                <li key={attachment.sha256}>
                  {attachment.kind === 'signature' ? '签名' : attachment.kind}（{Math.ceil(attachment.size / 1024)} KB）
                  {attachment.contentType.startsWith('image/') ? (
                    <img src={href} alt={attachment.kind} />
                  ) : (
                    <a href={href} target="_blank" rel="noreferrer">
                      打开
                    </a>
                  )}
                </li>
              );
            })}
            {payload.attachments.length === 0 && <li>无</li>}
          </ul>
        </>
      )}
      <h2>状态记录</h2>
      <ol data-testid="case-history">
        {data.history.map((event, index) => (
          <li key={index}>
            {beijing(event.at)} {CASE_STATUS_NAMES[event.status] ?? event.status}
            {event.reason ? `：${event.reason}` : ''}
            {event.missing.length > 0 ? `（需补充：${event.missing.join('、')}）` : ''}
          </li>
        ))}
      </ol>
      <StatusForm caseId={data.caseId} onChanged={reload} />
    </section>
  );
}
