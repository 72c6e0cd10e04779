import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../core/api/errors.ts';
import { loadConfig } from '../../core/config/config.ts';
import { configSchemas, outdatedSchemaFiles } from '../../scripts/config-schema.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir();

function siteFile(content: string): string {
  const dir = tempDir();
  const file = path.join(dir, 'site.json');
  writeFileSync(file, content);
  return file;
}

function configError(run: () => unknown): KioskError {
  try {
    run();
  } catch (error) {
    if (error instanceof KioskError) return error;
    throw error;
  }
  throw new Error('expected a config error');
}

describe('kiosk config', () => {
  it('publishes JSON Schemas generated from the schema it validates with, and keeps them current', () => {
    expect(outdatedSchemaFiles()).toEqual([]);
    const schemas = configSchemas() as Record<string, { properties: Record<string, unknown>; required?: string[] }>;
    const full = schemas['kiosk-config.schema.json']!;
    expect(full.required).toEqual(expect.arrayContaining(['kioskCode', 'regionCode', 'devices']));
    expect(full.properties.regionCode).toEqual({ type: 'string', pattern: '^\\d{12}$' });
    // A site file names only what it changes, and nothing unknown.
    const site = schemas['site.schema.json']!;
    expect(JSON.stringify(site)).not.toContain('"required"');
    expect(site).toMatchObject({ additionalProperties: false });
    // Stale files are found.
    const dir = tempDir();
    writeFileSync(path.join(dir, 'site.schema.json'), '{}');
    expect(outdatedSchemaFiles(dir)).toEqual(['kiosk-config.schema.json', 'site.schema.json', 'shell.schema.json']);
  });

  it('loads the defaults', () => {
    const config = loadConfig({ rootDir: ROOT_DIR });
    expect(config.profile).toBe('fabaobao');
    expect(config.regionCode).toMatch(/^\d{12}$/);
    expect(config.host.port).toBe(0);
  });

  it('applies a profile, then site files, then command-line overrides', () => {
    const site = siteFile(JSON.stringify({ siteName: '测试村', host: { port: 8123 } }));
    const config = loadConfig({
      rootDir: ROOT_DIR,
      profile: 'yuezizhu',
      siteFiles: [site],
      overrides: { host: { port: 9000 } },
    });
    expect(config.profile).toBe('yuezizhu');
    expect(config.siteName).toBe('测试村');
    expect(config.host.port).toBe(9000);
    expect(config.kioskCode).toBe('XW-DEMO-002');
  });

  it('names the file, the field and what is allowed', () => {
    const site = siteFile(JSON.stringify({ regionCode: '4408', profile: 'bank' }));
    const error = configError(() => loadConfig({ rootDir: ROOT_DIR, siteFiles: [site] }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('site.json: regionCode: must be a 12-digit village code');
    expect(error.message).toContain('site.json: profile: must be one of "fabaobao", "yuezizhu"');
  });

  it('refuses unknown fields, broken JSON, missing files and odd profile names', () => {
    expect(
      configError(() => loadConfig({ rootDir: ROOT_DIR, siteFiles: [siteFile('{"colour": "red"}')] })).message,
    ).toMatch(/site\.json: \(top level\): unknown field\(s\) colour/);
    expect(configError(() => loadConfig({ rootDir: ROOT_DIR, siteFiles: [siteFile('{ nope')] })).message).toContain(
      'not valid JSON',
    );
    expect(configError(() => loadConfig({ rootDir: ROOT_DIR, profile: 'nosuch' })).message).toContain(
      'cannot be read (ENOENT)',
    );
    expect(configError(() => loadConfig({ rootDir: ROOT_DIR, profile: '../etc' })).message).toContain('is not valid');
    expect(configError(() => loadConfig({ rootDir: ROOT_DIR, siteFiles: [siteFile('[1]')] })).message).toContain(
      'must hold a JSON object',
    );
  });

  it('blames the command line when an override is bad', () => {
    const error = configError(() => loadConfig({ rootDir: ROOT_DIR, overrides: { host: { port: 70000 } } }));
    expect(error.message).toMatch(/^command line: host\.port:/);
  });

  it('reads a root with its own default.json', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'kiosk-config'));
    writeFileSync(path.join(root, 'kiosk-config', 'default.json'), JSON.stringify({ profile: 'fabaobao' }));
    const error = configError(() => loadConfig({ rootDir: root }));
    expect(error.message).toContain('kiosk-config/default.json: kioskCode: is missing (must be a string)');
  });

  it('checks the ID card reader settings and names what is allowed', () => {
    const reader = (idcard: Record<string, unknown>) =>
      configError(() => loadConfig({ rootDir: ROOT_DIR, overrides: { devices: { idcard } } })).message;
    expect(reader({ mode: 'serial' })).toContain('devices.idcard.path: mode "serial" needs a path');
    expect(reader({ mode: 'usb' })).toMatch(/devices\.idcard\.mode: must be one of "simulator", "serial", "hid"/);
    expect(reader({ baudRate: 12345 })).toContain('devices.idcard.baudRate');
    expect(reader({ pollIntervalMs: 5 })).toContain('devices.idcard.pollIntervalMs');
    const serial = loadConfig({
      rootDir: ROOT_DIR,
      overrides: { devices: { idcard: { mode: 'serial', path: '/dev/ttyUSB0', baudRate: 9600 } } },
    });
    expect(serial.devices.idcard).toEqual({
      mode: 'serial',
      path: '/dev/ttyUSB0',
      baudRate: 9600,
      pollIntervalMs: 250,
    });
  });
});
