import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { evaluateBurstMethods, type CellEvent } from '../analytics/burst-eval.ts';
import { readLabelledExamples } from '../classify/labelled-file.ts';
import { trainLinear } from '../classify/train-linear.ts';
import { extractRegion } from '../region/extract-region.ts';

const USAGE = 'usage: lianxin eval bursts --messages FILE --train LABELLED.jsonl [--baseline-weeks 8] [--trials 500]\n';
const WEEK_MS = 7 * 86_400_000;

/**
 * `lianxin eval bursts`: replays dated messages into weekly category × district cells (category
 * from a classifier trained on --train, district read from the text) and measures the Poisson
 * z-score and Kleinberg detectors (alert rate on the real data, detection of injected bursts).
 * Last stdout line: JSON.
 */
export async function evalBurstsCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, allowPositionals: true, options: { messages: { type: 'string' }, train: { type: 'string' }, 'baseline-weeks': { type: 'string' }, trials: { type: 'string' } } });
  if (!values.messages || !values.train) {
    process.stderr.write(USAGE);
    return 2;
  }
  const examples = [];
  for await (const e of readLabelledExamples(values.train)) examples.push(e);
  const classifier = trainLinear(examples, 'eval-bursts');
  const rows = (await readFile(values.messages, 'utf8')).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { title?: string; content?: string; time?: string });
  const dated = rows.filter((r) => r.time).map((r) => ({ ...r, at: Date.parse(`${r.time!.replace(' ', 'T')}+08:00`) }));
  // Weeks from the first Monday at or before the 5th percentile date (a few stray old rows are dropped).
  const times = dated.map((r) => r.at).sort((a, b) => a - b);
  const start = times[Math.floor(times.length * 0.05)]! - 28 * 86_400_000;
  const events: CellEvent[] = [];
  for (const r of dated) {
    if (r.at < start) continue;
    const text = `${r.title ?? ''}\n${r.content ?? ''}`;
    const category = classifier.classify(text).category;
    const district = extractRegion(text).district ?? '未知区域';
    events.push({ week: Math.floor((r.at - start) / WEEK_MS), cell: `${category}|${district}` });
  }
  const result = evaluateBurstMethods(events, {
    baselineWeeks: Number(values['baseline-weeks'] ?? 8),
    injectSizes: [3, 5, 8, 12],
    trials: Number(values.trials ?? 500),
    seed: 7,
  });
  process.stdout.write(`${events.length} dated messages, ${result.cells} category × district cells, ${result.weeks} weeks evaluated\n`);
  for (const s of result.scores) {
    process.stdout.write(`${s.method.padEnd(10)} alerts/week ${s.alertsPerWeek}  alert rate ${s.alertRate}  detection ${JSON.stringify(s.detection)}\n`);
    const top = [...result.realAlerts[s.method]!].sort((a, b) => b.count - a.count).slice(0, 8);
    process.stdout.write(`   largest real alerts: ${top.map((a) => `w${a.week} ${a.cell} ${a.count}`).join('; ')}\n`);
  }
  process.stdout.write(`${JSON.stringify({ weeks: result.weeks, cells: result.cells, scores: result.scores, alerts: Object.fromEntries(Object.entries(result.realAlerts).map(([m, a]) => [m, a.length])) })}\n`);
  return 0;
}
