#!/usr/bin/env node
// The CLI is TypeScript and imports dt-sql-parser, whose ESM build uses extension-less relative
// imports that Node's own loader rejects. tsx's loader resolves both, so register it before
// importing the CLI instead of shipping a compiled copy.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
