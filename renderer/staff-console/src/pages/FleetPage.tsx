// 终端设备: each kiosk's last heartbeat, versions, devices and outbox, with the alerts to act on first.
import { FLEET_ALERT_NAMES, type FleetAlert } from '../../../../core/protocol/staff.ts';
import { api } from '../api.ts';
import { useLoad } from '../load.ts';
import { beijing, DEVICE_STATE_NAMES } from '../names.ts';

interface FleetKiosk {
  kioskCode: string;
  region: string;
  revoked: boolean;
  lastHeartbeatAt: string | null;
  appVersion: string | null;
  catalogueVersion: number | null;
  devices: Record<string, string> | null;
  outbox: { pending: number; oldestPendingAgeSeconds: number | null; refused: number } | null;
  alerts: FleetAlert[];
}

const DEVICE_LABELS: Record<string, string> = {
  idcard: '读卡器',
  receiptPrinter: '凭条打印机',
  a4Printer: 'A4 打印机',
};

export function FleetPage() {
  const { data, problem, reload } = useLoad(() => api.get<{ kiosks: FleetKiosk[] }>('/fleet'), 'fleet');
  const alerting = data?.kiosks.filter((kiosk) => kiosk.alerts.length > 0).length ?? 0;
  return (
    <section>
      <h1>终端设备</h1>
      <button type="button" onClick={reload}>
        刷新
      </button>
      {problem && <p className="problem">{problem}</p>}
      {data && (
        <>
          <p>
            共 {data.kiosks.length} 台，{alerting} 台需要处理
          </p>
          <table data-testid="fleet-list">
            <thead>
              <tr>
                <th>终端</th>
                <th>区划</th>
                <th>最后上报</th>
                <th>软件版本</th>
                <th>目录版本</th>
                <th>设备</th>
                <th>待上传</th>
                <th>提醒</th>
              </tr>
            </thead>
            <tbody>
              {data.kiosks.map((kiosk) => (
                <tr key={kiosk.kioskCode} data-testid="fleet-row" className={kiosk.alerts.length > 0 ? 'alert' : ''}>
                  <td>
                    {kiosk.kioskCode}
                    {kiosk.revoked ? '（已注销）' : ''}
                  </td>
                  <td>{kiosk.region}</td>
                  <td>{beijing(kiosk.lastHeartbeatAt)}</td>
                  <td>{kiosk.appVersion ?? '—'}</td>
                  <td>{kiosk.catalogueVersion ?? '—'}</td>
                  <td>
                    {kiosk.devices
                      ? Object.entries(kiosk.devices)
                          .map(([name, state]) => `${DEVICE_LABELS[name] ?? name}${DEVICE_STATE_NAMES[state] ?? state}`)
                          .join('，')
                      : '—'}
                  </td>
                  <td>
                    {kiosk.outbox
                      ? `${kiosk.outbox.pending} 件${kiosk.outbox.refused > 0 ? `，被拒 ${kiosk.outbox.refused}` : ''}`
                      : '—'}
                  </td>
                  <td data-testid="fleet-alerts">
                    {kiosk.alerts.map((alert) => FLEET_ALERT_NAMES[alert]).join('；') || '正常'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
