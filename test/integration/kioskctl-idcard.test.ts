// kioskctl and the simulator as real processes, as a technician uses them from a shell: the simulator on a
// PTY, steered over its control socket; kioskctl reading cards from the PTY and exiting with clear codes.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startIdCardSimulatorProcess, type IdCardSimulatorProcess } from '../../core/devices/idcard-simulator.ts';
import { sendSimulatorStep } from '../../drivers/idcard/simulator/control-client.ts';
import { kioskctl } from '../helpers/kioskctl.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('kioskctl-');
const running: IdCardSimulatorProcess[] = [];
afterEach(async () => {
  for (const sim of running.splice(0)) await sim.stop();
});

async function simulator(): Promise<IdCardSimulatorProcess> {
  const sim = await startIdCardSimulatorProcess({ rootDir: ROOT_DIR, dir: tempDir(), baudRate: 115200 });
  running.push(sim);
  return sim;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('kioskctl idcard against the simulator process', () => {
  it('waits for a card and prints its record as JSON with the ID number masked', async () => {
    const sim = await simulator();
    const reading = kioskctl(['idcard', 'read', '--port', sim.path, '--timeout', '15000', '--json']);
    await pause(1500);
    expect(await sendSimulatorStep(sim.control, { place: 'resident' })).toMatchObject({
      ok: true,
      state: { card: 'resident' },
    });
    const run = await reading;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const record = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(record).toMatchObject({
      cardType: 'resident',
      chineseName: '林志强',
      sex: 'male',
      birthDate: '1985-06-20',
      documentNumber: '440825********0034',
      validTo: '2036-07-01',
      expired: false,
    });
    expect(Buffer.from(record.photo as string, 'base64')).toHaveLength(1024);
    expect(run.stdout).not.toContain('440825198506200034');
  });

  it('shows the whole number with --reveal, and reads the SAM id', async () => {
    const sim = await simulator();
    await sendSimulatorStep(sim.control, { place: 'elder' });
    const run = await kioskctl(['idcard', 'read', '--port', sim.path, '--json', '--reveal']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ documentNumber: '440825194803150020', validTo: null });
    const sam = await kioskctl(['idcard', 'sam', '--port', sim.path, '--reset']);
    expect(sam).toMatchObject({ code: 0, stdout: '0512000020170101123456789ABCDEF0 (SAM reset)\n' });
  });

  it('plays a script of steps given at start', async () => {
    const script = path.join(tempDir(), 'script.json');
    writeFileSync(script, JSON.stringify([{ wait: 500 }, { place: 'foreign' }]));
    const dir = tempDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'drivers/idcard/simulator/main.ts', '--dir', dir, '--script', script],
      { cwd: ROOT_DIR, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const ready = await new Promise<{ path: string }>((resolve) =>
        child.stdout.setEncoding('utf8').once('data', (line: string) => resolve(JSON.parse(line))),
      );
      const run = await kioskctl(['idcard', 'read', '--port', ready.path, '--json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ cardType: 'foreignPermanent', nationality: 'ESP' });
    } finally {
      child.kill();
    }
  });

  it('exits non-zero with a plain message: no card in time, no reader, a refused card, bad usage', async () => {
    const sim = await simulator();
    const noCard = await kioskctl(['idcard', 'read', '--port', sim.path, '--timeout', '800']);
    expect(noCard.code).toBe(2);
    expect(noCard.stderr).toContain('no card was laid on the reader within 800 ms');

    const noReader = await kioskctl(['idcard', 'read', '--port', path.join(tempDir(), 'ttyNone')]);
    expect(noReader.code).toBe(3);
    expect(noReader.stderr).toMatch(/no ID card reader: .*IDCARD_NO_READER/);

    await sendSimulatorStep(sim.control, { place: 'badCheckDigit' });
    const refused = await kioskctl(['idcard', 'read', '--port', sim.path]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('IDCARD_ID_NUMBER_INVALID');

    // A card the reader itself refuses (unknown card type) is reported, not waited out as "no card".
    await sendSimulatorStep(sim.control, { remove: true });
    await sendSimulatorStep(sim.control, { fault: { readStatus: 0x40 } });
    await sendSimulatorStep(sim.control, { place: 'resident' });
    const unknownType = await kioskctl(['idcard', 'read', '--port', sim.path, '--timeout', '3000']);
    expect(unknownType.code).toBe(4);
    expect(unknownType.stderr).toContain('IDCARD_UNKNOWN_CARD_TYPE');

    const usage = await kioskctl(['idcard', 'read']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('--port is required');
    expect(usage.stderr).not.toMatch(/\bat \S+:\d+/); // never a stack trace

    const help = await kioskctl(['idcard', 'read', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('kioskctl idcard read (--port PATH');
    expect(help.stdout).not.toContain('kioskctl printer');
    const groupOnly = await kioskctl(['idcard']);
    expect(groupOnly.code).toBe(1);
    expect(groupOnly.stderr).toContain('which idcard command?');
    expect(groupOnly.stderr).toContain('kioskctl idcard sam');
  });

  it('refuses control steps it does not understand', async () => {
    const sim = await simulator();
    expect(await sendSimulatorStep(sim.control, { place: 'nobody' } as never)).toMatchObject({
      ok: false,
      message: expect.stringContaining('must be one of elder'),
    });
    const run = await kioskctl(['sim', 'fault', 'mute=true', '--control', sim.control]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ faults: { mute: true } });
    const missing = await kioskctl(['sim', 'status', '--control', path.join(tempDir(), 'none.sock')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('is it running?');
  });

  it('lists the serial ports and HID devices with the profiles they match', async () => {
    const run = await kioskctl(['devices', '--json']);
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout) as {
      serial: { path: string; profiles: string[]; printerProfiles: string[] }[];
      hid: unknown[];
      usbPrinterNodes: string[];
    };
    expect(Array.isArray(listed.serial) && Array.isArray(listed.hid)).toBe(true);
    for (const port of listed.serial) {
      expect(port.path).toMatch(/^\/dev\/tty/);
      expect(Array.isArray(port.printerProfiles)).toBe(true);
    }
    for (const node of listed.usbPrinterNodes) expect(node).toMatch(/^\/dev\/usb\/lp\d+$/);
    const plain = await kioskctl(['devices']);
    expect(plain.stdout).toMatch(/^USB printer nodes \(\d+\): /);
    expect(plain.stdout).toMatch(/\nSerial ports \(\d+\):/);
    expect(plain.stdout).toMatch(/HID devices \(\d+\)/);
  });

  it('stops the simulator when the kiosk that started it goes away', async () => {
    const dir = tempDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'drivers/idcard/simulator/main.ts', '--dir', dir, '--stop-with-stdin'],
      { cwd: ROOT_DIR, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const ready = await new Promise<{ path: string }>((resolve) =>
      child.stdout.setEncoding('utf8').once('data', (line: string) => resolve(JSON.parse(line))),
    );
    expect(existsSync(ready.path)).toBe(true);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin.end(); // what happens to the pipe when the kiosk process dies, however it dies
    expect(await exited).toBe(0);
    expect(existsSync(ready.path)).toBe(false);
  });
});
