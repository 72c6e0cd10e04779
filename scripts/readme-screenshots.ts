// Copies the main screens from the accessibility walk's screenshots (test-artifacts/screens, made by
// `npx vitest run test/e2e/accessibility.test.ts`) into renderer/screenshots at half size for the README.
//   npx tsx scripts/readme-screenshots.ts
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FROM = path.join(ROOT, 'test-artifacts', 'screens');
const TO = path.join(ROOT, 'renderer', 'screenshots');
const SCREENS = [
  'home-portrait',
  'home-portrait-elder',
  'guide-portrait',
  'eligibility-means-test-portrait',
  'declarations-portrait',
  'review-portrait',
  'done-portrait',
  'home-landscape',
  'home-portrait-contrast',
  'consultation-portrait',
  'case-notary-portrait',
  'directory-portrait',
  'template-portrait',
  'government-guide-portrait',
  'mine-list-portrait',
];

mkdirSync(TO, { recursive: true });
for (const name of SCREENS) {
  await sharp(path.join(FROM, `${name}.png`))
    .resize({ width: name.endsWith('landscape') ? 960 : 540 })
    .png({ palette: true, quality: 80 })
    .toFile(path.join(TO, `${name}.png`));
  console.log(`renderer/screenshots/${name}.png`);
}
