// Our electronegativity: a static check of the Electron shell's code against Electron's security checklist, run
// in `npm run lint` (so in `npm test`) and by test/unit/electron-security-check.test.ts. It reads the TypeScript
// syntax tree, not the text, so formatting cannot hide a finding.
//   npx tsx scripts/check-electron-security.ts [files or folders…]   (default: electron/)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { contentSecurityPolicy } from '../core/host/static-files.ts';

export interface Finding {
  file: string;
  line: number;
  rule: string;
  message: string;
}

/** webPreferences that must never be set to the unsafe value (and, being security settings, must be literals). */
const UNSAFE_PREFERENCES: Record<string, boolean> = {
  nodeIntegration: true,
  nodeIntegrationInWorker: true,
  nodeIntegrationInSubFrames: true,
  contextIsolation: false,
  sandbox: false,
  webSecurity: false,
  allowRunningInsecureContent: true,
  experimentalFeatures: true,
  enableRemoteModule: true,
  webviewTag: true,
  navigateOnDragDrop: true,
};
/** Settings a window's webPreferences must state outright rather than leave to a default. */
const REQUIRED_PREFERENCES: Record<string, boolean> = { contextIsolation: true, sandbox: true, nodeIntegration: false };
const DANGEROUS_SWITCHES = [
  'ignore-certificate-errors',
  'disable-web-security',
  'no-sandbox',
  'allow-running-insecure-content',
  'remote-debugging-port',
  'inspect',
  'js-flags',
];

function propertyName(name: ts.PropertyName): string | null {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : null;
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isIdentifier(callee)) return callee.text;
  return '';
}

function stringValue(node: ts.Node | undefined): string | null {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : null;
}

/** The findings in one source file. */
export function checkSource(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const report = (node: ts.Node, rule: string, message: string) =>
    findings.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, rule, message });

  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node)) {
      const name = propertyName(node.name);
      if (name !== null && name in UNSAFE_PREFERENCES) {
        const value =
          node.initializer.kind === ts.SyntaxKind.TrueKeyword
            ? true
            : node.initializer.kind === ts.SyntaxKind.FalseKeyword
              ? false
              : null;
        if (value === null) report(node, 'preference-not-literal', `${name} must be a literal true or false`);
        else if (value === UNSAFE_PREFERENCES[name]) report(node, `unsafe-${name}`, `${name}: ${value} is unsafe`);
      }
      if (name === 'enableBlinkFeatures')
        report(node, 'blink-features', 'enableBlinkFeatures turns on experimental features');
      if (name === 'bypassCSP' && node.initializer.kind === ts.SyntaxKind.TrueKeyword) {
        report(node, 'scheme-bypasses-csp', 'a privileged scheme must not bypass the CSP');
      }
      if (name === 'webPreferences' && ts.isObjectLiteralExpression(node.initializer)) {
        const stated = new Map<string, ts.Expression>();
        for (const property of node.initializer.properties) {
          if (ts.isPropertyAssignment(property)) stated.set(propertyName(property.name) ?? '', property.initializer);
        }
        for (const [required, value] of Object.entries(REQUIRED_PREFERENCES)) {
          if (!stated.has(required))
            report(node, 'preference-unstated', `webPreferences must state ${required}: ${value}`);
        }
      }
      if (name === 'action' && stringValue(node.initializer) === 'allow') {
        report(node, 'window-open-allowed', 'window.open must be denied');
      }
    }
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const first = node.arguments[0];
      if (name === 'openExternal') {
        const url = stringValue(first);
        if (url === null || !url.startsWith('https://')) {
          report(node, 'open-external', 'shell.openExternal with a URL that is not a fixed https:// address');
        }
      }
      if (name === 'loadURL') {
        const url = stringValue(first);
        if (url !== null && !url.startsWith('app://')) report(node, 'load-foreign-url', `loads ${url}, not app://`);
      }
      if (name === 'loadFile') report(node, 'load-file', 'pages are loaded from app://, never file://');
      if (name === 'openDevTools') report(node, 'open-devtools', 'the shell never opens the developer tools');
      if (name === 'appendSwitch' && DANGEROUS_SWITCHES.includes(stringValue(first) ?? '')) {
        report(node, 'dangerous-switch', `command-line switch ${stringValue(first)}`);
      }
      if (name === 'on' && stringValue(first) === 'certificate-error') {
        report(node, 'certificate-error-handler', 'certificate errors must not be overridden');
      }
      if (
        name === 'exposeInMainWorld' &&
        node.arguments.some((arg) => ts.isIdentifier(arg) && arg.text === 'ipcRenderer')
      ) {
        report(node, 'expose-ipc-renderer', 'expose a narrow bridge, never ipcRenderer itself');
      }
      if (name === 'setPermissionRequestHandler' || name === 'setPermissionCheckHandler') {
        const handler = node.arguments[0];
        const body = handler && ts.isArrowFunction(handler) ? handler.body : null;
        // `() => true`, or a request handler answering `callback(true)` whatever is asked.
        const grantsAll =
          body !== null &&
          (body.kind === ts.SyntaxKind.TrueKeyword ||
            (ts.isCallExpression(body) && body.arguments[0]?.kind === ts.SyntaxKind.TrueKeyword));
        if (grantsAll) {
          report(node, 'permissions-granted', `${name} grants every permission`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/** Checks the shell as a whole: each file, plus what must exist somewhere (handlers, CSP). */
export function checkShell(files: { file: string; text: string }[]): Finding[] {
  const findings = files.flatMap(({ file, text }) => checkSource(file, text));
  const all = files.map(({ text }) => text).join('\n');
  const required: [RegExp, string, string][] = [
    [/setPermissionRequestHandler\(/, 'no-permission-request-handler', 'no setPermissionRequestHandler'],
    [/setPermissionCheckHandler\(/, 'no-permission-check-handler', 'no setPermissionCheckHandler'],
    [/setWindowOpenHandler\(/, 'no-window-open-handler', 'window.open is not handled'],
    [/'will-navigate'/, 'no-navigation-guard', 'navigation is not guarded (will-navigate)'],
    [/Content-Security-Policy/, 'no-csp', 'no Content-Security-Policy header on the app protocol'],
    [/senderFrame/, 'ipc-sender-unchecked', 'IPC handlers do not check the sender frame'],
  ];
  for (const [pattern, rule, message] of required) {
    if (!pattern.test(all)) findings.push({ file: '(shell)', line: 0, rule, message });
  }
  const scriptSrc = contentSecurityPolicy()
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith('script-src'));
  if (scriptSrc !== "script-src 'self'") {
    findings.push({ file: 'core/host/static-files.ts', line: 0, rule: 'weak-csp', message: `CSP has ${scriptSrc}` });
  }
  return findings;
}

function sourceFiles(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(ts|mts|cts|js|mjs|cjs)$/.test(name))
    .map((name) => path.join(target, name));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const targets = process.argv.slice(2);
  const files = (targets.length > 0 ? targets : ['electron']).flatMap(sourceFiles);
  const findings = checkShell(files.map((file) => ({ file, text: readFileSync(file, 'utf8') })));
  for (const finding of findings) {
    console.error(`${finding.file}:${finding.line}  ${finding.rule}  ${finding.message}`);
  }
  if (findings.length > 0) process.exitCode = 1;
  else console.log(`electron security check: ${files.length} files, no findings`);
}
