// The Electron window's recovery, with stand-ins for the window: a renderer that crashes or is killed is loaded
// again and counted; one unresponsive past the grace period is ended (and then reloaded as a crash); one that
// answers again in time is left alone; the app quitting is not a crash.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recoverRenderer } from '../../electron/recovery.ts';
import { readRestartRecord } from '../../core/watchdog/restart-record.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('electron-recovery-');

class FakeContents extends EventEmitter {
  readonly reload = vi.fn();
  // As Electron does: ending the renderer is reported as a gone render process.
  readonly forcefullyCrashRenderer = vi.fn(() => this.emit('render-process-gone', {}, { reason: 'killed' }));
}

function kioskWindow() {
  const window = Object.assign(new EventEmitter(), { webContents: new FakeContents() });
  const dataDir = tempDir();
  recoverRenderer(window as never, dataDir, 10_000);
  return { window, contents: window.webContents, dataDir };
}

describe('the Electron window recovering', () => {
  afterEach(() => vi.useRealTimers());

  it('reloads a renderer that crashed or ran out of memory, counting each, and not one that exited cleanly', () => {
    const { contents, dataDir } = kioskWindow();
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    contents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 0 });
    contents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(contents.reload).toHaveBeenCalledTimes(2);
    expect(readRestartRecord(dataDir).renderer).toMatchObject({ restarts: 2, lastReason: 'renderer oom' });
  });

  it('ends and reloads a page unresponsive past the grace period, and leaves one that answers in time', () => {
    vi.useFakeTimers();
    const { window, contents, dataDir } = kioskWindow();
    window.emit('unresponsive');
    vi.advanceTimersByTime(9_000);
    window.emit('responsive');
    vi.advanceTimersByTime(20_000);
    expect(contents.forcefullyCrashRenderer).not.toHaveBeenCalled();

    window.emit('unresponsive');
    vi.advanceTimersByTime(10_000);
    expect(contents.forcefullyCrashRenderer).toHaveBeenCalledTimes(1);
    expect(contents.reload).toHaveBeenCalledTimes(1);
    expect(readRestartRecord(dataDir).renderer).toMatchObject({ restarts: 1, lastReason: 'page not answering' });
  });
});
