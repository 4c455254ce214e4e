import { modelDir } from '../app/create-app.ts';
import { trainFromFiles } from '../classify/train-model.ts';
import { correctionExamples } from '../classify/category-correction.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import type { Args } from './main.ts';

/** `lianxin train --data FILE…`: writes a new versioned model (files + stored corrections); servers load the newest at start. */
export async function trainCommand(args: Args): Promise<number> {
  const files = args.values.data ?? [];
  if (files.length === 0) {
    process.stderr.write('usage: lianxin train --data FILE [--data FILE…]   (JSONL with title, content, label)\n');
    return 2;
  }
  const config = loadConfig();
  // corrections made by members, analysts and admins are learned too
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  let extra: Awaited<ReturnType<typeof correctionExamples>>;
  try {
    extra = await correctionExamples(db.prisma);
  } finally {
    await db.close();
  }
  const result = await trainFromFiles(files, { modelDir: modelDir(config), extra });
  process.stdout.write(`${JSON.stringify({ ...result, corrections: extra.length })}\n`);
  return 0;
}
