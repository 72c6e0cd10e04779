// Validates a service catalogue JSON file against catalogueSchema.
// Usage: npx tsx scripts/validate-catalogue.ts [path/to/catalogue.json]
// (default: kiosk-config/catalogue/sample-catalogue.json)
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogueSchema, type KioskProfile } from '../core/catalogue/schema.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const file = resolve(process.argv[2] ?? resolve(root, 'kiosk-config/catalogue/sample-catalogue.json'));

let data: unknown;
try {
  data = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const result = catalogueSchema.safeParse(data);
if (!result.success) {
  for (const issue of result.error.issues) {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    console.error(`${path}: ${issue.message}`);
  }
  console.error(`${file}: ${result.error.issues.length} issue(s)`);
  process.exit(1);
}

const { categories, items } = result.data;
const count = (profile: KioskProfile) => items.filter((item) => item.profiles.includes(profile)).length;
console.log(
  `ok: ${categories.length} categories, ${items.length} items (fabaobao ${count('fabaobao')}, yuezizhu ${count('yuezizhu')})`,
);
