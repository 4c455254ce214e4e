import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreBayes, trainBayes } from '../src/classify/bayes-classifier.ts';
import { loadOrCreateClassifier } from '../src/classify/default-classifier.ts';
import { type LabelledExample, readLabelledExamples } from '../src/classify/labelled-file.ts';
import { loadNewestModel, saveModel } from '../src/classify/model-store.ts';
import { tokenize } from '../src/classify/tokenize.ts';
import { trainFromFiles } from '../src/classify/train-model.ts';
import { SEPARABLE } from './helpers/classify-fixtures.ts';


const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lianxin-classify-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function writeJsonl(path: string, examples: LabelledExample[]): Promise<void> {
  const lines = examples.map(({ text, label }, i) => JSON.stringify({ id: String(i), title: text, content: null, label }));
  await writeFile(path, `${lines.join('\n')}\n`);
}

describe('tokenize', () => {
  it('drops stop words and punctuation, lower-cases latin and masks numbers', () => {
    const tokens = tokenize('尊敬的领导：您好！我们小区的WiFi信号在2020年3月停了，请尽快处理。');
    expect(tokens).toEqual(expect.arrayContaining(['小区', 'wifi', '信号', '<num>', '处理']));
    for (const dropped of ['的', '领导', '我们', '请', '：', '！', '，', '。', '2020']) expect(tokens).not.toContain(dropped);
  });

  it('only segments the first 3,000 characters', () => {
    const tokens = tokenize('污染'.repeat(1_500) + '学校'.repeat(8_500));
    expect(tokens).toHaveLength(1_500);
    expect(tokens).not.toContain('学校');
  });
});

describe('Bayes classifier', () => {
  const model = trainBayes(SEPARABLE, '20260101T000000Z');

  it('separates clearly different categories', () => {
    expect(model.classify('附近工厂偷排废水，河道污染严重').category).toBe('环境保护');
    expect(model.classify('孩子学校强制补课收费').category).toBe('教育文体');
    const bus = model.classify('公交车太少，乘客等车难');
    expect(bus.category).toBe('交通运输');
    expect(bus.confidence).toBeGreaterThan(0.5);
    expect(Object.values(bus.scores ?? {}).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(model.labels).toEqual({ 环境保护: 3, 教育文体: 3, 交通运输: 3 });
  });

  it('answers empty or unknown text with zero confidence instead of throwing', () => {
    for (const text of ['', '。。。', 'xyz']) {
      const result = model.classify(text);
      expect(Object.keys(model.labels)).toContain(result.category);
      expect(result.confidence).toBe(0);
    }
  });

  it('gives identical predictions after a JSON round trip', () => {
    const restored = restoreBayes(JSON.parse(JSON.stringify(model.toJSON())));
    expect(restored.version).toBe(model.version);
    for (const text of ['工厂废水污染', '学校补课', '出租车拒载', '其他问题']) {
      expect(restored.classify(text)).toEqual(model.classify(text));
    }
  });
});

describe('model store', () => {
  it('loads the newest of several saved models, even of the same second', async () => {
    const dir = await tempDir();
    const first = await saveModel(dir, trainBayes(SEPARABLE, '20260101T000000Z'));
    const second = await saveModel(dir, trainBayes(SEPARABLE.slice(0, 6), '20260101T000000Z'));
    expect(first).toMatch(/classifier-20260101T000000Z\.json$/);
    expect(second).toMatch(/classifier-20260101T000000Z-01\.json$/);
    const newest = await loadNewestModel(dir);
    expect(newest?.version).toBe('20260101T000000Z-01');
    expect(newest?.exampleCount).toBe(6);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('falls back to an older model when the newest file is corrupt', async () => {
    const dir = await tempDir();
    await saveModel(dir, trainBayes(SEPARABLE, '20260101T000000Z'));
    await writeFile(join(dir, 'classifier-20260202T000000Z.json'), '{"kind":"bayes","vers');
    const warnings: string[] = [];
    const newest = await loadNewestModel(dir, (message) => warnings.push(message));
    expect(newest?.version).toBe('20260101T000000Z');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('classifier-20260202T000000Z.json');
    expect(await loadNewestModel(join(dir, 'missing'))).toBeUndefined();
  });
});

describe('training from files', () => {
  it('reads labelled JSONL, skipping unlabelled lines and naming the line of invalid JSON', async () => {
    const dir = await tempDir();
    const file = join(dir, 'messages.jsonl');
    await writeFile(file, '{"title":"标题","content":"内容","label":"城乡建设"}\n\n{"title":"无标签"}\n{bad json}\n');
    const read: LabelledExample[] = [];
    await expect(async () => {
      for await (const example of readLabelledExamples(file)) read.push(example);
    }).rejects.toThrow(/messages\.jsonl:4: invalid JSON/);
    expect(read).toEqual([{ text: '标题\n内容', label: '城乡建设' }]);
  });

  it('lets one correction change the next model\'s answer', async () => {
    const dir = await tempDir();
    const file = join(dir, 'labelled.jsonl');
    await writeJsonl(file, SEPARABLE);
    const text = '工厂排放废气污染空气';
    const before = await trainFromFiles([file], { modelDir: join(dir, 'models') });
    expect(before.examples).toBe(SEPARABLE.length);
    const first = await loadNewestModel(join(dir, 'models'));
    expect(first?.kind).toBe('linear');
    expect(first?.classify(text).category).toBe('环境保护');
    const after = await trainFromFiles([file], { modelDir: join(dir, 'models'), extra: [{ text, label: '交通运输' }] });
    expect(after.version > before.version).toBe(true);
    expect(after.labels['交通运输']).toBe(4);
    expect((await loadNewestModel(join(dir, 'models')))?.classify(text).category).toBe('交通运输');
  });

  it('creates and saves a default model from generated examples on first start', async () => {
    const dir = await tempDir();
    const created = await loadOrCreateClassifier(dir);
    expect(created.kind).toBe('linear');
    expect(await readdir(dir)).toEqual([`classifier-${created.version}.json`]);
    expect(created.classify('小区旁边工厂排放废气，空气污染严重').category).toBe('环境保护');
    expect((await loadOrCreateClassifier(dir)).version).toBe(created.version);
  });
});

const labelledPath = fileURLToPath(new URL('../../shared/data/messages-labeled.jsonl', import.meta.url));

describe.skipIf(!existsSync(labelledPath))('Bayes baseline on messages-labeled.jsonl', () => {
  it('reaches a macro-F1 above 0.6 on a seeded 80/20 split', async () => {
    const examples: LabelledExample[] = [];
    for await (const example of readLabelledExamples(labelledPath)) examples.push(example);
    shuffle(examples, mulberry32(20_200_107));
    const cut = Math.floor(examples.length * 0.8);
    const test = examples.slice(cut);
    const started = performance.now();
    const model = trainBayes(examples.slice(0, cut), '20260101T000000Z');
    const trainSeconds = (performance.now() - started) / 1000;
    const predicted = test.map((example) => model.classify(example.text).category);
    const labels = [...new Set(test.map((example) => example.label))];
    const f1 = labels.map((label) => {
      const tp = test.filter((e, i) => e.label === label && predicted[i] === label).length;
      const fp = test.filter((e, i) => e.label !== label && predicted[i] === label).length;
      const fn = test.filter((e, i) => e.label === label && predicted[i] !== label).length;
      return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    });
    const macroF1 = f1.reduce((a, b) => a + b, 0) / labels.length;
    const accuracy = test.filter((e, i) => e.label === predicted[i]).length / test.length;
    console.log(
      `Bayes baseline: ${cut} training / ${test.length} test messages, trained in ${trainSeconds.toFixed(2)} s, ` +
        `macro-F1 ${macroF1.toFixed(3)}, accuracy ${accuracy.toFixed(3)}`,
    );
    expect(macroF1).toBeGreaterThan(0.6);
  });
});

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
