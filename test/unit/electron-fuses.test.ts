// The afterPack hook's fuse choice, with electron-builder's packager replaced by a recorder (no Electron binary
// exists here to flip). The real enum values come from @electron/fuses, so a renamed fuse fails this test.
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { describe, expect, it, vi } from 'vitest';
// @ts-expect-error: plain JavaScript hook without type declarations (electron-builder loads it as it is).
import afterPack, { kioskFuses } from '../../scripts/electron-after-pack.mjs';

async function fusesFor(platform: string) {
  const addElectronFuses = vi.fn(async () => 0);
  const context = { electronPlatformName: platform, appOutDir: '/out', packager: { addElectronFuses } };
  await afterPack(context);
  expect(addElectronFuses).toHaveBeenCalledTimes(1);
  const [passedContext, fuses] = addElectronFuses.mock.calls[0] as unknown as [unknown, Record<number, unknown>];
  expect(passedContext).toBe(context);
  return fuses;
}

describe('Electron fuses in the packed app', () => {
  it('turn off running as Node, NODE_OPTIONS and --inspect, and load the app only from its asar', async () => {
    for (const platform of ['linux', 'win32']) {
      const fuses = await fusesFor(platform);
      expect(fuses).toMatchObject({
        version: FuseVersion.V1,
        [FuseV1Options.RunAsNode]: false,
        [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
        [FuseV1Options.EnableNodeCliInspectArguments]: false,
        [FuseV1Options.OnlyLoadAppFromAsar]: true,
        [FuseV1Options.EnableCookieEncryption]: true,
        [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
      });
    }
  });

  it('check the asar integrity where Electron supports it (Windows), not on Linux where it would not start', async () => {
    expect((await fusesFor('win32'))[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect((await fusesFor('linux'))[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(false);
    expect(kioskFuses('darwin')[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
  });

  it('set every fuse it names to a boolean', () => {
    const fuses = kioskFuses('linux') as Record<string, unknown>;
    const named = Object.entries(fuses).filter(([key]) => key !== 'version');
    expect(named).toHaveLength(7);
    for (const [, value] of named) expect(typeof value).toBe('boolean');
  });
});
