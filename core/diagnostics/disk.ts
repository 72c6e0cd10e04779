// Free space on the filesystem of the kiosk's data folder: a health figure, and a self-test that fails below
// a threshold (the outbox refuses submissions on a full disk; better to hear of it before).
import { statfs as nodeStatfs } from 'node:fs/promises';
import type { SelfTestResult } from '../protocol/diagnostics.ts';
import { fail, pass } from './result.ts';

/** The part of fs.statfs the kiosk needs; tests pass their own to imitate a full disk. */
export type Statfs = (path: string) => Promise<{ bavail: number; bsize: number; blocks: number }>;

export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
}

export async function diskSpace(dir: string, statfs: Statfs = nodeStatfs): Promise<DiskSpace> {
  const stats = await statfs(dir);
  // bavail: what an unprivileged process may still use (the kiosk does not run as root).
  return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
}

const MB = 1024 * 1024;

export async function diskSelfTest(dir: string, minFreeBytes: number, statfs?: Statfs): Promise<SelfTestResult> {
  let space: DiskSpace;
  try {
    space = await diskSpace(dir, statfs);
  } catch (error) {
    return fail(
      'disk',
      'DISK_UNREADABLE',
      { zh: '无法读取数据盘的空间', en: 'The data disk’s space cannot be read' },
      { zh: '检查数据目录是否存在、磁盘是否挂载', en: 'Check that the data folder exists and its disk is mounted' },
      { detail: (error as Error).message },
    );
  }
  const details = { freeMb: Math.floor(space.freeBytes / MB), totalMb: Math.floor(space.totalBytes / MB) };
  if (space.freeBytes < minFreeBytes) {
    return fail(
      'disk',
      'DISK_LOW',
      {
        zh: `数据盘只剩 ${details.freeMb} MB，少于 ${Math.round(minFreeBytes / MB)} MB`,
        en: `Only ${details.freeMb} MB free on the data disk, under ${Math.round(minFreeBytes / MB)} MB`,
      },
      {
        zh: '先同步待发送的办件，再导出并清理日志；仍不足请更换更大的存储',
        en: 'Sync waiting submissions, export and clear logs; if still short, fit larger storage',
      },
      details,
    );
  }
  return pass(
    'disk',
    { zh: `数据盘剩余 ${details.freeMb} MB`, en: `${details.freeMb} MB free on the data disk` },
    details,
  );
}
