import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface LabelledExample {
  text: string;
  label: string;
}

/**
 * Streams the labelled examples of a JSONL file of messages ({"title","content","label",…} per
 * line, as in shared/data/messages-labeled.jsonl). The text is the title and the content, one
 * per line; lines without a label and blank lines are skipped. Invalid JSON is an Error naming
 * the file and line number.
 */
export async function* readLabelledExamples(path: string): AsyncIterable<LabelledExample> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (error) {
      throw new Error(`${path}:${lineNumber}: invalid JSON: ${(error as Error).message}`);
    }
    if (typeof row !== 'object' || row === null) continue;
    const { title, content, label } = row as Record<string, unknown>;
    if (typeof label !== 'string' || label.trim() === '') continue;
    const text = [title, content].filter((part) => typeof part === 'string' && part !== '').join('\n');
    yield { text, label: label.trim() };
  }
}
