// The lint rules that keep the layers of ARCHITECTURE.md apart actually fire.
import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../helpers/paths.ts';

const eslint = new ESLint({ cwd: ROOT_DIR });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT_DIR, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it('keep electron and React out of core, drivers and hub', async () => {
    expect(await restrictedImports('core/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([
      expect.stringContaining('Only electron/ may import electron'),
    ]);
    expect(
      await restrictedImports('drivers/x.ts', "import React from 'react';\nexport const r = React;\n"),
    ).toHaveLength(1);
    expect(
      await restrictedImports('hub/x.ts', "import { x } from '../drivers/y.ts';\nexport const z = x;\n"),
    ).toHaveLength(1);
  });

  it('let the hub share only wire types with the kiosk', async () => {
    expect(
      await restrictedImports('hub/x.ts', "import { x } from '../core/catalogue/store.ts';\nexport const z = x;\n"),
    ).toEqual([expect.stringContaining('only wire types')]);
    expect(
      await restrictedImports(
        'hub/catalogue/x.ts',
        "import { x } from '../../core/protocol/catalogue.ts';\nimport { y } from '../../core/catalogue/bundle-manifest.ts';\nexport const z = [x, y];\n",
      ),
    ).toEqual([]);
  });

  it('keep Node and the back end out of the renderer, except the contract', async () => {
    expect(
      await restrictedImports('renderer/src/x.ts', "import fs from 'node:fs';\nexport const f = fs;\n"),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'renderer/src/x.ts',
        "import { openDatabase } from '../../core/db/database.ts';\nexport const o = openDatabase;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'renderer/src/x.ts',
        "import { HOST_PATHS } from '../../core/api/contract.ts';\nexport const h = HOST_PATHS;\n",
      ),
    ).toEqual([]);
    // The pure ID number check is the one module of drivers/ the renderer may use; the rest stays out.
    expect(
      await restrictedImports(
        'renderer/src/x.ts',
        "import { citizenIdProblem } from '../../drivers/idcard/citizen-id.ts';\nexport const c = citizenIdProblem;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        'renderer/src/x.ts',
        "import { SAMPLE_CARDS } from '../../drivers/idcard/simulator/sample-cards.ts';\nexport const s = SAMPLE_CARDS;\n",
      ),
    ).toHaveLength(1);
  });

  it('let the Electron shell import electron', async () => {
    expect(
      await restrictedImports('electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n"),
    ).toEqual([]);
  });
});
