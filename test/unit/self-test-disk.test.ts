// The disk self-test and the health figure, with an injected statfs: a full disk is imitated, not made.
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { diskSelfTest, diskSpace, type Statfs } from '../../core/diagnostics/disk.ts';

const MB = 1024 * 1024;
const disk =
  (freeMb: number, totalMb = 32_000): Statfs =>
  async () => ({
    bsize: 4096,
    bavail: (freeMb * MB) / 4096,
    blocks: (totalMb * MB) / 4096,
  });

describe('disk self-test', () => {
  it('fails on a full disk (simulated by an injected statfs) and says what to do', async () => {
    const result = await diskSelfTest('/data', 200 * MB, disk(12));
    expect(result).toMatchObject({ id: 'disk', status: 'fail', code: 'DISK_LOW', details: { freeMb: 12 } });
    expect(result.reason.zh).toBe('数据盘只剩 12 MB，少于 200 MB');
    expect(result.fix?.en).toContain('export and clear logs');
  });

  it('passes with enough room (simulated by an injected statfs)', async () => {
    expect(await diskSelfTest('/data', 200 * MB, disk(5000))).toMatchObject({
      status: 'pass',
      details: { freeMb: 5000 },
    });
  });

  it('fails plainly when the filesystem cannot be read', async () => {
    const broken: Statfs = async () => {
      throw new Error('ENOENT: no such file or directory');
    };
    expect(await diskSelfTest('/gone', 200 * MB, broken)).toMatchObject({ status: 'fail', code: 'DISK_UNREADABLE' });
  });

  it('reads the real filesystem of a folder', async () => {
    const space = await diskSpace(tmpdir());
    expect(space.totalBytes).toBeGreaterThan(0);
    expect(space.freeBytes).toBeLessThanOrEqual(space.totalBytes);
  });
});
