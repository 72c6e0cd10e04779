// Lint rules, including the layer rules of ARCHITECTURE.md: only electron/ may import 'electron', only the
// renderer may import React, and the renderer may import nothing from Node or from core beyond the contract.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'child_process', 'net', 'http', 'os', 'crypto', 'stream'];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'test-artifacts', 'bench/results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['core/**', 'drivers/**', 'hub/**', 'electron/**', 'scripts/**', 'test/**', 'bench/**', '*.config.*'],
    languageOptions: { globals: globals.node },
  },
  {
    // core, drivers and hub run in plain Node and never know about Electron or React.
    files: ['core/**', 'drivers/**', 'hub/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'Only electron/ may import electron.' },
            { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'React belongs to renderer/.' },
            { group: ['**/renderer/**', '**/electron/**'], message: 'core, drivers and hub sit below the shells.' },
          ],
        },
      ],
    },
  },
  {
    // The hub shares only wire types with the kiosk.
    files: ['hub/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*', 'react', 'react-dom'], message: 'The hub is a plain Node service.' },
            {
              group: ['**/drivers/**', '**/renderer/**', '**/electron/**'],
              message: 'The hub shares only wire types.',
            },
            {
              // From core, only the wire types: the protocol, the catalogue schema, the bundle manifest and the bundle
              // builder (the staff console's editor signs bundles on the hub).
              regex: '^(\\.\\./)+core/(?!protocol/|catalogue/(schema|region|bundle-manifest|bundle)\\.ts$)',
              message: 'The hub shares only wire types with the kiosk (core/protocol/, catalogue schema, manifest).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'The renderer runs in a sandboxed page: no Node APIs.' },
            {
              group: ['electron', 'electron/*'],
              message: 'The renderer reaches Electron only through the preload bridge.',
            },
            {
              // Two exceptions in drivers/, pure functions with no Node or device code: the GB 11643 ID number check
              // (a typed number is checked exactly as the card reader checks one) and the China calendar day.
              regex:
                '^(\\.\\./)+(core/(?!api/|catalogue/schema\\.ts$)|drivers/(?!idcard/citizen-id\\.ts$|china-time\\.ts$)|hub/|electron/)',
              message:
                'The renderer may import only the KioskApi contract (core/api/), the catalogue types, the ID number check and the China day.',
            },
          ],
        },
      ],
    },
  },
  {
    // The staff console is a web app of the hub: it shares the staff wire vocabulary and the catalogue schema.
    files: ['renderer/staff-console/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'The staff console runs in a browser: no Node APIs.' },
            {
              regex:
                '^(\\.\\./)+(core/(?!protocol/staff\\.ts$|protocol/catalogue\\.ts$|catalogue/schema\\.ts$)|drivers/|hub/|electron/|src/)',
              message:
                'The staff console may import only core/protocol/staff.ts, core/protocol/catalogue.ts and the catalogue schema.',
            },
          ],
        },
      ],
    },
  },
);
