#!/usr/bin/env node
// Launcher: registers tsx in-process, then runs the TypeScript CLI (one process, signals reach it).
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/index.ts');
