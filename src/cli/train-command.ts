import { modelDir } from '../app/create-app.ts';
import { trainFromFiles } from '../classify/train-model.ts';
import { loadConfig } from '../config.ts';
import type { Args } from './main.ts';

/** `lianxin train --data FILE…`: writes a new versioned model; running servers load the newest at start. */
export async function trainCommand(args: Args): Promise<number> {
  const files = args.values.data ?? [];
  if (files.length === 0) {
    process.stderr.write('usage: lianxin train --data FILE [--data FILE…]   (JSONL with title, content, label)\n');
    return 2;
  }
  const config = loadConfig();
  const result = await trainFromFiles(files, { modelDir: modelDir(config) });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}
