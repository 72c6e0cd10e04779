// electron-builder afterPack hook (electron-builder.yml): flips Electron's fuses in the packed binary, before it is
// signed, so the shipped kiosk cannot be run as plain Node, take NODE_OPTIONS or --inspect, or load an app from
// outside its (integrity-checked) app.asar. Plain JavaScript because electron-builder loads it as it is.
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/** The fuse wire for a kiosk build on `platform` (electron-builder's electronPlatformName). */
export function kioskFuses(platform) {
  return {
    version: FuseVersion.V1,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // Electron checks app.asar against a hash embedded in the executable only on Windows and macOS; on Linux the
    // fuse would make the app refuse to start.
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: platform === 'win32' || platform === 'darwin',
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // The renderer is served from app://, never file://.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** @param {{ electronPlatformName: string, packager: { addElectronFuses(context: unknown, fuses: object): Promise<unknown> } }} context */
export default async function afterPack(context) {
  // The packager finds the executable (its name differs per platform) and uses electron-builder's @electron/fuses.
  await context.packager.addElectronFuses(context, kioskFuses(context.electronPlatformName));
}
