// 事项目录: published versions and where each is current; roll a version out to more regions in stages, or
// withdraw it from regions (kiosks there are offered the version before again), or roll back to an older
// version's content: the hub signs it as the next version, since kiosks never install a lower one.
import { useState } from 'react';
import type { BundleSummary } from '../../../../core/protocol/catalogue.ts';
import { api, problemText } from '../api.ts';
import { useLoad } from '../load.ts';
import { beijing } from '../names.ts';

/** A published version as the hub lists it. */
type Version = BundleSummary;

/** Region codes typed in one box, split on spaces and Chinese or Latin commas. */
function regionList(text: string): string[] {
  return text
    .split(/[\s,，、]+/)
    .map((region) => region.trim())
    .filter(Boolean);
}

function RolloutForm({
  version,
  rollbackRegions,
  canSign,
  onDone,
}: {
  version: Version;
  /** Where a newer version is rolled out (a rollback goes there unless regions are typed); null: the newest. */
  rollbackRegions: string[] | null;
  canSign: boolean;
  onDone: (message: string) => void;
}) {
  const [regions, setRegions] = useState('');
  const [confirming, setConfirming] = useState(false);
  const act = async (kind: 'rollouts' | 'withdrawals') => {
    const list = regionList(regions);
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
  const typed = regionList(regions);
  const rollbackTo = typed.length > 0 ? typed : (rollbackRegions ?? []);
  const rollBack = async () => {
    setConfirming(false);
    try {
      const done = await api.post<{ version: number; rolledOutTo: string[] }>('/catalogue/rollbacks', {
        catalogueId: version.catalogueId,
        toVersion: version.version,
        ...(typed.length > 0 ? { regions: typed } : {}),
      });
      setRegions('');
      onDone(
        `已回退：第 ${version.version} 版的内容已签名发布为第 ${done.version} 版，并推广到 ${done.rolledOutTo.join('、')}`,
      );
    } catch (error) {
      onDone(problemText(error));
    }
  };
  return (
    <div>
      <div className="rollout">
        <input
          value={regions}
          onChange={(event) => setRegions(event.target.value)}
          placeholder="区划代码，如 440825 440882"
          aria-label={`第 ${version.version} 版的区划`}
          data-testid="rollout-regions"
        />
        <button
          type="button"
          disabled={regions.trim() === ''}
          onClick={() => void act('rollouts')}
          data-testid="rollout"
        >
          推广
        </button>
        <button type="button" disabled={regions.trim() === ''} onClick={() => void act('withdrawals')}>
          撤回
        </button>
        {rollbackRegions && (
          <button
            type="button"
            disabled={!canSign}
            title={canSign ? undefined : '管理中心未配置目录签名密钥（HUB_CATALOGUE_KEY），不能回退'}
            onClick={() => setConfirming(true)}
            data-testid="rollback"
          >
            回退到此版本
          </button>
        )}
      </div>
      {confirming && (
        <div className="confirm" role="alertdialog" aria-label="确认回退" data-testid="rollback-confirm">
          {rollbackTo.length > 0 ? (
            <p>
              将把第 {version.version} 版的内容重新签名，发布为新的版本，并推广到：
              <strong data-testid="rollback-regions">{rollbackTo.join('、')}</strong>
              。这些区划的终端会安装它，第 {version.version} 版之后对事项和文件的修改都会撤销。
            </p>
          ) : (
            <p>更新的版本还没有推广到任何区划。请先在上面填写要回退的区划代码。</p>
          )}
          <button
            type="button"
            disabled={rollbackTo.length === 0}
            onClick={() => void rollBack()}
            data-testid="rollback-confirm-button"
          >
            确认回退
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            取消
          </button>
        </div>
      )}
    </div>
  );
}

/** For each older full version: where a newer version of its catalogue is rolled out (a rollback's default). */
function rollbackRegionsOf(versions: Version[], version: Version): string[] | null {
  const newer = versions.filter(
    (entry) => entry.catalogueId === version.catalogueId && entry.version > version.version,
  );
  if (newer.length === 0) return null;
  return [...new Set(newer.flatMap((entry) => entry.rolledOutTo))].sort();
}

export function CataloguePage() {
  const { data, problem, reload } = useLoad(() => api.get<{ versions: Version[] }>('/catalogue/versions'), 'versions');
  // Whether the hub holds a signing key: without one a rollback cannot be signed, so the button says so.
  const signing = useLoad(() => api.get<{ canPublish: boolean }>('/catalogue/draft'), 'draft');
  const [message, setMessage] = useState('');
  const fullVersions = data?.versions.filter((version) => version.base === null) ?? [];
  return (
    <section>
      <h1>事项目录</h1>
      <p>
        已签名发布的目录版本。先推广到少数区划试运行，再逐步扩大；发现问题可撤回，未安装的终端会重新拿到之前的版本；已安装的终端请用“回退到此版本”：管理中心把旧版本的内容签名发布为新版本，推广到有问题版本所在的区划（或您填写的区划），终端会安装它。
      </p>
      {message && (
        <p role="status" data-testid="catalogue-message">
          {message}
        </p>
      )}
      {signing.data?.canPublish === false && (
        <p data-testid="rollback-unavailable">
          管理中心未配置目录签名密钥（HUB_CATALOGUE_KEY），不能在这里回退；请由持有离线密钥的人员用 kioskctl catalogue
          rollback 回退。
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
            <th>推广 / 撤回 / 回退</th>
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
                  rollbackRegions={rollbackRegionsOf(fullVersions, version)}
                  canSign={signing.data?.canPublish !== false}
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
