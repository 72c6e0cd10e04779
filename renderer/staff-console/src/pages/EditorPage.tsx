// 目录编辑: change the items of the newest published catalogue with the DOMAIN.md §4 fields, see each as a guide
// in the order the kiosk shows it, and have the hub check, sign and publish the changes as the next version
// (not rolled out: that is 事项目录's staged step). Lists (materials, steps, fees, FAQs) are edited as JSON.
import { useState } from 'react';
import {
  AUDIENCES,
  CHANNELS,
  ITEM_TYPES,
  LEVELS,
  serviceItemSchema,
  type Catalogue,
  type ServiceItem,
} from '../../../../core/catalogue/schema.ts';
import { api, problemText } from '../api.ts';
import { useLoad } from '../load.ts';

interface Draft {
  catalogue: Catalogue;
  regions: string[];
  canPublish: boolean;
  keyId: string | null;
}

const lines = (value: string[]) => value.join('\n');
const fromLines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** The first problem of an item against the catalogue schema, in the words of the field, or null. */
function itemProblem(item: unknown): string | null {
  const parsed = serviceItemSchema.safeParse(item);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `${issue?.path.join('.') ?? ''}：${issue?.message ?? '不符合目录格式'}`;
}

function Preview({ item }: { item: ServiceItem }) {
  return (
    <article className="preview" data-testid="editor-preview">
      <h2>{item.title}</h2>
      <p>{item.summary}</p>
      <h3>办理条件</h3>
      <ul>
        {item.conditions.map((condition, index) => (
          <li key={index}>{condition}</li>
        ))}
      </ul>
      <h3>要带的材料</h3>
      <ul>
        {item.materials.map((material, index) => (
          <li key={index}>
            {material.name}
            {material.required ? '' : '（非必需）'}：原件 {material.originals} 份，复印件 {material.copies} 份
          </li>
        ))}
        {item.materials.length === 0 && <li>无需材料</li>}
      </ul>
      <h3>办理流程</h3>
      <ol>
        {item.steps.map((step, index) => (
          <li key={index}>
            {step.title}：{step.description}
          </li>
        ))}
      </ol>
      <p>
        {item.caseType}，承诺 {item.promisedDays} 个工作日办结（法定 {item.statutoryDays} 个工作日）；
        {item.charged ? '收费' : '不收费'}；到现场 {item.visits} 次
      </p>
      <p>
        办理地点：{item.place}；办理时间：{item.hours}；咨询电话：{item.consultPhone}
      </p>
    </article>
  );
}

function ItemForm({
  item,
  categories,
  isNew,
  onSave,
  onCancel,
}: {
  item: ServiceItem;
  categories: Catalogue['categories'];
  isNew: boolean;
  onSave: (item: ServiceItem) => void;
  onCancel: () => void;
}) {
  const [edit, setEdit] = useState<ServiceItem>(item);
  const [json, setJson] = useState(() =>
    JSON.stringify({ materials: item.materials, steps: item.steps, fees: item.fees, faqs: item.faqs }, null, 2),
  );
  const set = <K extends keyof ServiceItem>(key: K, value: ServiceItem[K]) => setEdit({ ...edit, [key]: value });
  const text = (
    key:
      | 'id'
      | 'title'
      | 'summary'
      | 'basicCode'
      | 'implementationCode'
      | 'resultName'
      | 'place'
      | 'hours'
      | 'consultPhone'
      | 'supervisePhone'
      | 'version'
      | 'intermediaryServices'
      | 'quantityLimit',
    label: string,
  ) => (
    <label>
      {label}
      <input value={edit[key]} onChange={(event) => set(key, event.target.value)} disabled={key === 'id' && !isNew} />
    </label>
  );
  const number = (key: 'statutoryDays' | 'promisedDays' | 'visits' | 'popularity', label: string) => (
    <label>
      {label}
      <input
        inputMode="numeric"
        value={String(edit[key])}
        onChange={(event) => set(key, Number(event.target.value.replace(/\D/g, '') || '0'))}
      />
    </label>
  );
  const list = (key: 'conditions' | 'legalBasis' | 'synonyms' | 'regions', label: string) => (
    <label>
      {label}（每行一项）
      <textarea value={lines(edit[key])} onChange={(event) => set(key, fromLines(event.target.value))} />
    </label>
  );
  const flag = (key: 'charged' | 'appointment' | 'kioskSupported' | 'promiseSystem', label: string) => (
    <label className="inline">
      <input type="checkbox" checked={edit[key]} onChange={(event) => set(key, event.target.checked)} />
      {label}
    </label>
  );
  const choices = <T extends string>(key: 'audiences' | 'channels', label: string, all: readonly T[]) => (
    <fieldset>
      <legend>{label}</legend>
      {all.map((value) => (
        <label key={value} className="inline">
          <input
            type="checkbox"
            checked={(edit[key] as readonly string[]).includes(value)}
            onChange={(event) =>
              set(
                key,
                (event.target.checked
                  ? [...edit[key], value]
                  : (edit[key] as string[]).filter((entry) => entry !== value)) as ServiceItem[typeof key],
              )
            }
          />
          {value}
        </label>
      ))}
    </fieldset>
  );
  let combined: ServiceItem = edit;
  let jsonProblem = '';
  try {
    combined = { ...edit, ...(JSON.parse(json) as Partial<ServiceItem>) };
  } catch {
    jsonProblem = '材料、流程、收费、常见问题的 JSON 写法有误';
  }
  const schemaProblem = jsonProblem || itemProblem(combined);
  const save = () => {
    if (!schemaProblem) onSave(combined);
  };
  return (
    <div className="editor" data-testid="item-form">
      <div className="editor-fields">
        <h2>{isNew ? '新建事项' : `编辑：${item.title}`}</h2>
        {text('id', '事项标识（小写字母、数字、-）')}
        <label>
          分类
          <select value={edit.categoryId} onChange={(event) => set('categoryId', event.target.value)}>
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {category.name}
              </option>
            ))}
          </select>
        </label>
        {text('title', '事项名称')}
        {text('summary', '一句话说明（列表中显示）')}
        {text('basicCode', '基本编码')}
        {text('implementationCode', '实施编码')}
        <label>
          事项类型
          <select
            value={edit.itemType}
            onChange={(event) => set('itemType', event.target.value as ServiceItem['itemType'])}
          >
            {Object.entries(ITEM_TYPES).map(([value, name]) => (
              <option key={value} value={value}>
                {value} {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          行使层级
          <select
            value={edit.level}
            onChange={(event) => set('level', Number(event.target.value) as ServiceItem['level'])}
          >
            {Object.entries(LEVELS).map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          实施主体
          <input
            value={edit.authority.name}
            onChange={(event) => set('authority', { ...edit.authority, name: event.target.value })}
          />
        </label>
        <label>
          统一社会信用代码
          <input
            value={edit.authority.creditCode}
            onChange={(event) => set('authority', { ...edit.authority, creditCode: event.target.value })}
          />
        </label>
        {list('legalBasis', '设定依据')}
        {number('statutoryDays', '法定办结时限（工作日）')}
        {number('promisedDays', '承诺办结时限（工作日）')}
        <label>
          办件类型
          <select
            value={edit.caseType}
            onChange={(event) => set('caseType', event.target.value as ServiceItem['caseType'])}
          >
            <option value="即办件">即办件</option>
            <option value="承诺件">承诺件</option>
          </select>
        </label>
        {list('conditions', '受理条件')}
        {text('intermediaryServices', '中介服务')}
        {text('quantityLimit', '数量限制')}
        {text('resultName', '结果名称')}
        {flag('charged', '收费')}
        {choices('audiences', '服务对象', AUDIENCES)}
        {choices('channels', '办理形式', CHANNELS)}
        {number('visits', '到办事现场次数')}
        {flag('appointment', '支持预约')}
        {flag('kioskSupported', '支持终端办理')}
        {flag('promiseSystem', '告知承诺制')}
        {text('place', '办理地点')}
        {text('hours', '办理时间')}
        {text('consultPhone', '咨询电话')}
        {text('supervisePhone', '监督电话')}
        {text('version', '事项版本号')}
        {list('regions', '适用区划')}
        {list('synonyms', '群众常用说法')}
        <label>
          申请材料、办理流程、收费、常见问题（JSON）
          <textarea
            className="json"
            value={json}
            onChange={(event) => setJson(event.target.value)}
            spellCheck={false}
          />
        </label>
        {schemaProblem && (
          <p className="problem" role="alert" data-testid="item-problem">
            {schemaProblem}
          </p>
        )}
        <div className="rollout">
          <button
            type="button"
            onClick={save}
            disabled={schemaProblem !== null && schemaProblem !== ''}
            data-testid="item-save"
          >
            保存到待发布
          </button>
          <button type="button" onClick={onCancel}>
            取消
          </button>
        </div>
      </div>
      {!jsonProblem && <Preview item={combined} />}
    </div>
  );
}

export function EditorPage() {
  const { data, problem, reload } = useLoad(() => api.get<Draft>('/catalogue/draft'), 'draft');
  const [changed, setChanged] = useState<Map<string, ServiceItem>>(new Map());
  const [removed, setRemoved] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<{ item: ServiceItem; isNew: boolean } | null>(null);
  const [filter, setFilter] = useState('');
  const [message, setMessage] = useState('');
  if (problem) return <p className="problem">{problem}</p>;
  if (!data) return <p>正在加载…</p>;
  const { catalogue } = data;
  const items = [
    ...catalogue.items.map((item) => changed.get(item.id) ?? item),
    ...[...changed.values()].filter((item) => !catalogue.items.some((entry) => entry.id === item.id)),
  ];
  const shown = items.filter((item) => item.title.includes(filter) || item.id.includes(filter));
  const pending = changed.size + removed.size;
  const publish = async () => {
    try {
      const summary = await api.post<{ version: number }>('/catalogue/editions', {
        catalogueId: catalogue.catalogueId,
        baseVersion: catalogue.version,
        items: [...changed.values()],
        removeIds: [...removed],
      });
      setChanged(new Map());
      setRemoved(new Set());
      setMessage(`已签名发布第 ${summary.version} 版；请到「事项目录」推广到区划`);
      reload();
    } catch (error) {
      setMessage(problemText(error));
    }
  };

  if (editing) {
    return (
      <ItemForm
        item={editing.item}
        isNew={editing.isNew}
        categories={catalogue.categories}
        onCancel={() => setEditing(null)}
        onSave={(item) => {
          setChanged(new Map(changed).set(item.id, item));
          setEditing(null);
        }}
      />
    );
  }
  return (
    <section>
      <h1>
        目录编辑 · {catalogue.catalogueId} 第 {catalogue.version} 版
      </h1>
      {!data.canPublish && <p className="notice">本管理中心没有目录签名密钥（HUB_CATALOGUE_KEY），只能查看。</p>}
      {message && (
        <p role="status" data-testid="editor-message">
          {message}
        </p>
      )}
      <div className="filters">
        <label>
          查找事项
          <input value={filter} onChange={(event) => setFilter(event.target.value)} />
        </label>
        <button
          type="button"
          onClick={() =>
            setEditing({ item: { ...items[0]!, id: '', title: '', summary: '', synonyms: [] }, isNew: true })
          }
        >
          新建事项
        </button>
        <button
          type="button"
          disabled={pending === 0 || !data.canPublish}
          onClick={() => void publish()}
          data-testid="editor-publish"
        >
          签名发布第 {catalogue.version + 1} 版（{pending} 处修改）
        </button>
      </div>
      <table data-testid="editor-items">
        <thead>
          <tr>
            <th>事项名称</th>
            <th>标识</th>
            <th>分类</th>
            <th>状态</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((item) => (
            <tr key={item.id} data-testid="editor-item" data-id={item.id}>
              <td>{item.title}</td>
              <td>{item.id}</td>
              <td>
                {catalogue.categories.find((category) => category.id === item.categoryId)?.name ?? item.categoryId}
              </td>
              <td>{removed.has(item.id) ? '待删除' : changed.has(item.id) ? '已修改' : ''}</td>
              <td>
                <button type="button" onClick={() => setEditing({ item, isNew: false })}>
                  编辑
                </button>
                <button
                  type="button"
                  onClick={() => {
                    const next = new Set(removed);
                    if (next.has(item.id)) next.delete(item.id);
                    else next.add(item.id);
                    setRemoved(next);
                  }}
                >
                  {removed.has(item.id) ? '恢复' : '删除'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
