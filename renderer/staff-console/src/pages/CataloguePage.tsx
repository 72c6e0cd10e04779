// 事项目录: published versions and where each is current; roll a version out to more regions in stages, or
// withdraw it from regions (kiosks there are offered the version before again).
import { useState } from 'react';
import { api, problemText } from '../api.ts';
import { useLoad } from '../load.ts';
import { beijing } from '../names.ts';

interface Version {
  bundleId: string;
  catalogueId: string;
  version: number;
  base: number | null;
  created: string;
  expires: string;
  keyId: string;
  regions: string[];
  rolledOutTo: string[];
  publishedAt: string;
}

function RolloutForm({ version, onDone }: { version: Version; onDone: (message: string) => void }) {
  const [regions, setRegions] = useState('');
  const act = async (kind: 'rollouts' | 'withdrawals') => {
    const list = regions
      .split(/[\s,，、]+/)
      .map((region) => region.trim())
      .filter(Boolean);
    try {
      await api.post(`/catalogue/${kind}`, {
        catalogueId: version.catalogueId,
        version: version.version,
        regions: list,
      });
      setRegions('');
      onDone(`第 ${version.version} 版已${kind === 'rollouts' ? '推广到' : '从以下区划撤回：'} ${list.join('、')}`);
    } catch (error) {
      onDone(problemText(error));
    }
  };
  return (
    <div className="rollout">
      <input
        value={regions}
        onChange={(event) => setRegions(event.target.value)}
        placeholder="区划代码，如 440825 440882"
        aria-label={`第 ${version.version} 版的区划`}
        data-testid="rollout-regions"
      />
      <button type="button" disabled={regions.trim() === ''} onClick={() => void act('rollouts')} data-testid="rollout">
        推广
      </button>
      <button type="button" disabled={regions.trim() === ''} onClick={() => void act('withdrawals')}>
        撤回
      </button>
    </div>
  );
}

export function CataloguePage() {
  const { data, problem, reload } = useLoad(() => api.get<{ versions: Version[] }>('/catalogue/versions'), 'versions');
  const [message, setMessage] = useState('');
  const fullVersions = data?.versions.filter((version) => version.base === null) ?? [];
  return (
    <section>
      <h1>事项目录</h1>
      <p>已签名发布的目录版本。先推广到少数区划试运行，再逐步扩大；发现问题可撤回，终端会重新拿到之前的版本。</p>
      {message && (
        <p role="status" data-testid="catalogue-message">
          {message}
        </p>
      )}
      {problem && <p className="problem">{problem}</p>}
      <table data-testid="catalogue-versions">
        <thead>
          <tr>
            <th>目录</th>
            <th>版本</th>
            <th>发布时间</th>
            <th>有效期至</th>
            <th>签名密钥</th>
            <th>已推广到</th>
            <th>推广 / 撤回</th>
          </tr>
        </thead>
        <tbody>
          {fullVersions.map((version) => (
            <tr key={version.bundleId} data-testid="catalogue-version" data-version={version.version}>
              <td>{version.catalogueId}</td>
              <td>第 {version.version} 版</td>
              <td>{beijing(version.publishedAt)}</td>
              <td>{beijing(version.expires)}</td>
              <td>{version.keyId}</td>
              <td data-testid="rolled-out-to">{version.rolledOutTo.join('、') || '未推广'}</td>
              <td>
                <RolloutForm
                  version={version}
                  onDone={(text) => {
                    setMessage(text);
                    reload();
                  }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
