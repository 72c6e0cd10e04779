// Writes the kiosk configuration's JSON Schema, generated from the schema the kiosk validates with
// (core/config/config.ts), for editors and for the hub: kiosk-config.schema.json describes the merged
// configuration, site.schema.json a site file (every field optional, nothing unknown allowed), shell.schema.json
// the Electron shell's shell.json (electron/shell-config.ts), likewise.
//   npx tsx scripts/config-schema.ts          writes kiosk-config/schema/
//   npx tsx scripts/config-schema.ts --check  exits 1 when the files there are out of date
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { kioskConfigSchema } from '../core/config/config.ts';
import { shellConfigSchema } from '../electron/shell-config.ts';

const SCHEMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'kiosk-config', 'schema');

/** Drops every `required` list: a site file overrides only what it names. */
function allOptional(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(allOptional);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== 'required')
      .map(([key, value]) => [key, allOptional(value)]),
  );
}

export function configSchemas(): Record<string, unknown> {
  // 'input': fields with a default may be left out, as in the files people write.
  const full = z.toJSONSchema(kioskConfigSchema, { io: 'input', unrepresentable: 'any' });
  return {
    'kiosk-config.schema.json': { ...full, title: 'Village kiosk configuration (merged)' },
    'site.schema.json': { ...(allOptional(full) as object), title: 'Village kiosk site file (overrides)' },
    // The Electron shell's shell.json in the user-data folder, laid over kiosk-config/shell.json.
    'shell.schema.json': {
      ...(allOptional(z.toJSONSchema(shellConfigSchema, { io: 'input', unrepresentable: 'any' })) as object),
      title: 'Village kiosk Electron shell settings (overrides)',
    },
  };
}

const text = (schema: unknown) => `${JSON.stringify(schema, null, 2)}\n`;

export function outdatedSchemaFiles(dir = SCHEMA_DIR): string[] {
  return Object.entries(configSchemas())
    .filter(([name, schema]) => {
      try {
        return readFileSync(path.join(dir, name), 'utf8') !== text(schema);
      } catch {
        return true;
      }
    })
    .map(([name]) => name);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--check')) {
    const outdated = outdatedSchemaFiles();
    if (outdated.length > 0) {
      console.error(`out of date: ${outdated.join(', ')} (run npx tsx scripts/config-schema.ts)`);
      process.exit(1);
    }
  } else {
    mkdirSync(SCHEMA_DIR, { recursive: true });
    for (const [name, schema] of Object.entries(configSchemas()))
      writeFileSync(path.join(SCHEMA_DIR, name), text(schema));
    console.log(`wrote ${Object.keys(configSchemas()).join(', ')} in ${path.relative(process.cwd(), SCHEMA_DIR)}`);
  }
}
