import { defineConfig } from 'prisma/config';

// DATABASE_URL is optional here: generate needs none, and migrations are applied by
// `lianxin migrate` (src/db/migrate.ts), not by the Prisma CLI.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
