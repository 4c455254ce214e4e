import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainBayes } from '../src/classify/bayes-classifier.ts';
import { DEFAULT_FEATURE_OPTIONS, FeatureHasher, maxFeatures, readWindow } from '../src/classify/hash-features.ts';
import { loadModel, loadNewestModel, saveModel } from '../src/classify/model-store.ts';
import { duplicateGroups, groupedSplit } from '../src/classify/grouped-split.ts';
import { trainLinear } from '../src/classify/train-linear.ts';
import { SEPARABLE } from './helpers/classify-fixtures.ts';

const EXAMPLES = SEPARABLE;
const PROBES = ['附近工厂偷排废水，河道污染严重', '孩子学校强制补课收费', '公交车太少，乘客等车难', '其他问题', ''];

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('linear classifier', () => {
  const model = trainLinear(EXAMPLES, '20260101T000000Z', { minDf: 1 });

  it('separates clearly different categories with softmax probabilities', () => {
    expect(model.classify(PROBES[0]!).category).toBe('环境保护');
    expect(model.classify(PROBES[1]!).category).toBe('教育文体');
    const bus = model.classify(PROBES[2]!);
    expect(bus.category).toBe('交通运输');
    expect(bus.confidence).toBeGreaterThan(1 / 3);
    expect(Object.values(bus.scores ?? {}).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('answers empty or unknown text with zero confidence instead of throwing', () => {
    for (const text of ['', '。。。', 'xyz']) expect(model.classify(text).confidence).toBe(0);
  });

  it('is deterministic for a seed', () => {
    const again = trainLinear(EXAMPLES, '20260101T000000Z', { minDf: 1 });
    expect(again.toJSON().weights).toBe(model.toJSON().weights);
  });

  it('caps the features of a very long message (bounded time)', () => {
    const long = `${'污染'.repeat(4_000)}\n${'学校补课收费，'.repeat(2_000)}`;
    const features = model.features(long);
    expect(long.length).toBeGreaterThan(12_000);
    expect(features.indices.length).toBeLessThanOrEqual(maxFeatures(DEFAULT_FEATURE_OPTIONS));
    // Only the head and tail window is read: another middle gives the same features.
    const { headChars, tailChars } = DEFAULT_FEATURE_OPTIONS;
    expect(features).toEqual(model.features(`${long.slice(0, headChars)}${'无关'.repeat(3_000)}${long.slice(-tailChars)}`));
  });

  it('collects into reused arrays the same features as counts(), with or without title words', () => {
    for (const titleWords of [true, false]) {
      const hasher = new FeatureHasher(2 ** 16, { titleWords });
      const texts = ['夜间施工噪音扰民\n小区门口的道路施工噪音很大', '公交车太少', ''];
      for (const text of texts) {
        const { indices, values } = hasher.counts(text);
        const size = hasher.collect(text);
        expect(size).toBe(indices.length);
        expect(Array.from(hasher.bucketsOut.subarray(0, size))).toEqual(Array.from(indices));
        expect(Array.from(hasher.countsOut.subarray(0, size))).toEqual(Array.from(values));
      }
      // Title words add features of their own.
      if (!titleWords) expect(hasher.counts(texts[0]!).indices.length).toBeLessThan(new FeatureHasher(2 ** 16).counts(texts[0]!).indices.length);
    }
  });

  it('hashes at most maxFeatures occurrences however long the text (head + tail window)', () => {
    const options = { ...DEFAULT_FEATURE_OPTIONS, headChars: 1_000, tailChars: 300, titleRepeat: 2, bodyWordChars: 200, wordBigrams: true };
    const hasher = new FeatureHasher(2 ** 16, options);
    const bound = maxFeatures(options);
    const work = (text: string) => {
      hasher.counts(text);
      return hasher.lastWork;
    };
    const body = '小区门口的道路施工噪音很大，晚上也不停工。';
    const lengths = [10, 100, 1_000, 10_000, 100_000].map((n) => `夜间施工噪音扰民\n${body.repeat(Math.ceil(n / body.length))}`);
    const done = lengths.map(work);
    for (const n of done) expect(n).toBeLessThanOrEqual(bound);
    // Grows with the text until the window is full, then stays flat.
    expect(done[1]!).toBeGreaterThan(done[0]!);
    expect(done[3]).toBe(done[4]);
    // The window: the first headChars and the last tailChars of a long text, nothing between.
    const marked = `${'甲'.repeat(5_000)}乙乙乙${'丙'.repeat(5_000)}`;
    const { head, tail } = readWindow(marked, options);
    expect([head.length, tail.length]).toEqual([1_000, 300]);
    expect(head + tail).not.toContain('乙');
  });

  it('scores like the plain sum over its float weights, for 3, 7 and 9 classes (row layouts of 1, 2 and 3 words)', () => {
    const words = ['污染', '补课', '公交', '医院', '工资', '拆迁', '景区', '噪音', '停车'];
    for (const k of [3, 7, 9]) {
      const examples = Array.from({ length: k * 4 }, (_, i) => ({
        text: `${words[i % k]}问题${i}\n这里的${words[i % k]}情况很严重，${words[(i + 1) % k]}也有一点`,
        label: `类${i % k}`,
      }));
      const linear = trainLinear(examples, '20260101T000000Z', { minDf: 1, buckets: 2 ** 16 });
      const json = linear.toJSON();
      const raw = (text: string) => Buffer.from(text, 'base64');
      const active = new Int32Array(new Uint8Array(raw(json.active)).buffer);
      const idf = new Float32Array(new Uint8Array(raw(json.idf)).buffer);
      const weights = new Float32Array(new Uint8Array(raw(json.weights)).buffer);
      const position = new Map(Array.from(active, (bucket, i) => [bucket, i]));
      for (const text of [...examples.slice(0, k).map((e) => e.text), `${words[0]}和${words[k - 1]}`, '无关的话']) {
        const { indices, values } = linear.features(text);
        const expected = Array.from(json.bias);
        let norm = 0;
        indices.forEach((bucket, i) => {
          const p = position.get(bucket);
          if (p === undefined) return;
          const value = (1 + Math.log(values[i]!)) * idf[p]!;
          norm += value * value;
          for (let c = 0; c < k; c++) expected[c]! += value * weights[p * k + c]!;
        });
        const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        const plain = expected.map((score, c) => json.bias[c]! + (score - json.bias[c]!) * scale);
        const { scores } = linear.margins(text);
        // Equal up to the 8-bit quantisation of IDF and weights.
        for (let c = 0; c < k; c++) expect(Math.abs(scores[c]! - plain[c]!)).toBeLessThan(0.05);
      }
    }
  });

  it('gives identical predictions after a save/load round trip, next to a Bayes model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lianxin-linear-'));
    dirs.push(dir);
    await saveModel(dir, trainBayes(EXAMPLES, '20260101T000000Z'));
    const path = await saveModel(dir, model);
    const loaded = await loadModel(path);
    expect(loaded.kind).toBe('linear');
    for (const text of PROBES) expect(loaded.classify(text)).toEqual(model.classify(text));
    expect((await loadNewestModel(dir))?.version).toBe(`${model.version}-01`); // saved second, same second
    expect((await loadModel(join(dir, 'classifier-20260101T000000Z.json'))).kind).toBe('bayes');
    expect((await stat(path)).size).toBeLessThan(50 * 2 ** 20);
  });
});

describe('grouped split', () => {
  const rows = [
    { text: '标题一\n内容完全相同的一条留言，用来测试重复分组是否生效，长度超过四十个字符没有问题吧对吧是的', label: 'a' },
    { text: '另一个标题\n内容完全相同的一条留言，用来测试重复分组是否生效，长度超过四十个字符没有问题吧对吧是的', label: 'a' },
    { text: '转发：内容完全相同的一条留言\n尊敬的领导：内容完全相同的一条留言，用来测试重复分组是否生效，长度超过四十个字符没有问题吧对吧是的', label: 'a' },
    ...Array.from({ length: 40 }, (_, i) => ({ text: `留言${i}\n内容${i}`, label: i % 2 ? 'a' : 'b' })),
  ];

  it('keeps duplicates and near-verbatim reposts on one side, stratified and seeded', () => {
    const groups = duplicateGroups(rows.map((row) => row.text));
    expect(groups[1]).toBe(groups[0]);
    expect(groups[2]).toBe(groups[0]); // same last 40 characters of content
    expect(new Set(groups).size).toBe(41);
    const { train, test } = groupedSplit(rows, 7);
    const testGroups = new Set(test.map((i) => groups[i]));
    expect(train.some((i) => testGroups.has(groups[i]!))).toBe(false);
    expect(test.filter((i) => rows[i]!.label === 'b')).toHaveLength(4);
    expect(groupedSplit(rows, 7)).toEqual({ train, test });
  });
});
