// 操作记录: every staff action (who, what, when, which case, kiosk or catalogue version, from where).
import { useState } from 'react';
import { api } from '../api.ts';
import { useLoad } from '../load.ts';
import { AUDIT_ACTION_NAMES, beijing } from '../names.ts';
import { Pager } from '../Pager.tsx';

interface AuditEntry {
  id: number;
  at: string;
  account: string;
  action: string;
  caseId: string | null;
  kioskCode: string | null;
  catalogueVersion: number | null;
  address: string;
}

export function AuditPage() {
  const [page, setPage] = useState(1);
  const { data, problem } = useLoad(
    () => api.get<{ entries: AuditEntry[]; total: number; pageSize: number }>(`/audit?page=${page}`),
    String(page),
  );
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <section>
      <h1>操作记录</h1>
      {problem && <p className="problem">{problem}</p>}
      <table data-testid="audit-list">
        <thead>
          <tr>
            <th>时间</th>
            <th>账号</th>
            <th>操作</th>
            <th>办件 / 终端 / 目录版本</th>
            <th>来源地址</th>
          </tr>
        </thead>
        <tbody>
          {data?.entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-row">
              <td>{beijing(entry.at)}</td>
              <td>{entry.account}</td>
              <td>{AUDIT_ACTION_NAMES[entry.action] ?? entry.action}</td>
              <td>
                {[
                  entry.caseId,
                  entry.kioskCode,
                  entry.catalogueVersion === null ? null : `第 ${entry.catalogueVersion} 版`,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </td>
              <td>{entry.address}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={page} pages={pages} onPage={setPage} />
    </section>
  );
}
