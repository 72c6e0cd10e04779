#!/usr/bin/env node
// The kioskctl npm bin: runs the TypeScript source through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('./kioskctl.ts');
