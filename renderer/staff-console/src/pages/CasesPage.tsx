// 办件: the inbox of applications with filters (区划, 事项, 状态, 日期) and pages, and the CSV export of the same.
import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { useLoad } from '../load.ts';
import { beijing, CASE_STATUS_NAMES } from '../names.ts';
import { Pager } from '../Pager.tsx';

interface InboxRow {
  caseId: string;
  acceptanceNumber: string;
  serviceId: string;
  kioskCode: string;
  region: string;
  receivedAt: string;
  status: string;
}

interface Inbox {
  cases: InboxRow[];
  total: number;
  page: number;
  pageSize: number;
}

const EMPTY = { region: '', service: '', status: '', from: '', to: '' };

export function CasesPage() {
  const [draft, setDraft] = useState(EMPTY);
  const [filter, setFilter] = useState(EMPTY);
  const [page, setPage] = useState(1);
  const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== ''));
  const queryText = query.toString();
  const pageQuery = new URLSearchParams(query);
  pageQuery.set('page', String(page));
  const { data, problem } = useLoad(() => api.get<Inbox>(`/cases?${pageQuery}`), pageQuery.toString());
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const search = (event: FormEvent) => {
    event.preventDefault();
    setFilter(draft);
    setPage(1);
  };
  const field = (name: keyof typeof EMPTY) => ({
    value: draft[name],
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value }),
  });

  return (
    <section>
      <h1>办件</h1>
      <form className="filters" onSubmit={search} data-testid="case-filters">
        <label>
          区划代码
          <input {...field('region')} inputMode="numeric" placeholder="如 440825" />
        </label>
        <label>
          事项编号
          <input {...field('service')} placeholder="如 legal-aid" />
        </label>
        <label>
          状态
          <select {...field('status')} data-testid="filter-status">
            <option value="">全部</option>
            {Object.entries(CASE_STATUS_NAMES).map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          接收日期从
          <input type="date" {...field('from')} />
        </label>
        <label>
          到
          <input type="date" {...field('to')} />
        </label>
        <button type="submit">查询</button>
        <a className="button" href={`/staff/api/cases/export.csv?${queryText}`} download data-testid="export-csv">
          导出 CSV
        </a>
        <a className="button" href={`/staff/api/cases/export.xlsx?${queryText}`} download data-testid="export-xlsx">
          导出 Excel
        </a>
      </form>
      {problem && <p className="problem">{problem}</p>}
      {data && (
        <>
          <p>共 {data.total} 件</p>
          <table data-testid="case-list">
            <thead>
              <tr>
                <th>受理编号</th>
                <th>办件编号</th>
                <th>事项</th>
                <th>终端</th>
                <th>区划</th>
                <th>接收时间</th>
                <th>状态</th>
              </tr>
            </thead>
            <tbody>
              {data.cases.map((row) => (
                <tr key={row.caseId} data-testid="case-row">
                  <td>
                    <a href={`#/cases/${encodeURIComponent(row.caseId)}`}>{row.acceptanceNumber}</a>
                  </td>
                  <td>{row.caseId}</td>
                  <td>{row.serviceId}</td>
                  <td>{row.kioskCode}</td>
                  <td>{row.region}</td>
                  <td>{beijing(row.receivedAt)}</td>
                  <td data-testid="case-row-status">{CASE_STATUS_NAMES[row.status] ?? row.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pages={pages} onPage={setPage} />
        </>
      )}
    </section>
  );
}
