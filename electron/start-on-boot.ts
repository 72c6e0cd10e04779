// Starting with the machine. On Windows the packaged app registers itself to start at log-on (with Assigned Access
// or Shell Launcher, see README, it is the shell itself). On Linux the kiosk session's systemd unit or autostart
// entry starts it; Electron's login items do not exist there.
import type { App } from 'electron';

export function registerStartOnBoot(
  app: Pick<App, 'isPackaged' | 'setLoginItemSettings'>,
  options: { enabled: boolean; platform: NodeJS.Platform; executable: string },
): boolean {
  // A development copy is never registered: it would start a half-built kiosk at the developer's next log-on.
  if (!app.isPackaged || options.platform !== 'win32') return false;
  app.setLoginItemSettings({ openAtLogin: options.enabled, path: options.executable, args: [] });
  return options.enabled;
}
