// Generates the Prisma client (src/generated/prisma) without Prisma's native schema
// engine: `prisma generate` needs no engine, but the CLI insists on finding one, so we
// point it at a harmless executable. Runs as npm's postinstall.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const engine = process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? (existsSync('/bin/true') ? '/bin/true' : process.execPath);
const result = spawnSync('npx', ['--no-install', 'prisma', 'generate'], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: engine, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
process.exit(result.status ?? 1);
