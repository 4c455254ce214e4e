import { describe, expect, it } from 'vitest';
import { fitTemperature, negativeLogLikelihood, reliability, trainCalibrated } from '../src/classify/calibration.ts';
import { Crosswalk } from '../src/classify/crosswalk.ts';
import { seededRandom } from '../src/classify/random.ts';
import { SubcategoryMatcher } from '../src/classify/subcategory.ts';
import { SEPARABLE } from './helpers/classify-fixtures.ts';

describe('temperature calibration', () => {
  // Margins drawn so that softmax(2 × margins) is the true class probability: the fit must find 2.
  const random = seededRandom(7);
  const examples = Array.from({ length: 4_000 }, () => {
    const scores = [random() * 3, random() * 3, random() * 3];
    const weights = scores.map((s) => Math.exp(2 * s));
    let u = random() * weights.reduce((a, b) => a + b, 0);
    let truth = 0;
    while ((u -= weights[truth]!) > 0) truth += 1;
    return { scores, truth };
  });

  it('recovers the scale that generated the labels', () => {
    const scale = fitTemperature(examples);
    expect(scale).toBeGreaterThan(1.7);
    expect(scale).toBeLessThan(2.3);
    expect(negativeLogLikelihood(examples, scale)).toBeLessThan(negativeLogLikelihood(examples, 4));
    expect(negativeLogLikelihood(examples, scale)).toBeLessThan(negativeLogLikelihood(examples, 1));
  });

  it('reports a reliability table whose calibrated error is small and an over-confident one large', () => {
    const predict = (scale: number) =>
      examples.map(({ scores, truth }) => {
        const e = scores.map((s) => Math.exp(scale * s));
        const best = scores.indexOf(Math.max(...scores));
        return { confidence: e[best]! / e.reduce((a, b) => a + b, 0), correct: best === truth };
      });
    const good = reliability(predict(2));
    const over = reliability(predict(10));
    expect(good.bins.reduce((n, bin) => n + bin.n, 0)).toBe(examples.length);
    expect(good.ece).toBeLessThan(0.03);
    expect(over.ece).toBeGreaterThan(0.1);
    for (const bin of good.bins.filter((b) => b.n > 200)) expect(Math.abs(bin.accuracy - bin.meanConfidence)).toBeLessThan(0.06);
  });

  it('stores the fitted scale in the model trained with calibration', () => {
    const many = Array.from({ length: 60 }, (_, copy) => SEPARABLE.map((e) => ({ ...e, text: `${e.text}${'。'.repeat(copy)}第${copy}次` }))).flat();
    const model = trainCalibrated(many, '20260101T000000Z', { minDf: 1 });
    const json = model.toJSON();
    expect(many.length).toBeGreaterThanOrEqual(500);
    expect(json.settings.calibration).toMatchObject({ method: 'temperature' });
    expect(json.settings.scoreScale).not.toBe(4);
  });
});

describe('levels 2/3 by keyword evidence', () => {
  const matcher = new SubcategoryMatcher(
    {
      环境保护: { 环境污染: ['噪音污染', '水污染', '大气污染', '其他'], 环保管理: ['环境监测'], 其他: ['其他'] },
      城乡建设: { 住房保障与房地产: ['物业服务', '房产证登记、办理'], 城乡规划: ['违章建筑'] },
    },
    { '城乡建设/住房保障与房地产/物业服务': ['物业'] },
  );

  it('gives both levels when the title names the node', () => {
    const r = matcher.match('小区旁工厂噪音污染严重\n每天晚上机器轰鸣。', '环境保护');
    expect(r).toMatchObject({ category2: '环境污染', category3: '噪音污染' });
    expect(r.confidence).toBeGreaterThan(0.5);
    expect(r.evidence).toContain('噪音');
  });

  it('uses configured keywords and stays inside the given first level', () => {
    expect(matcher.match('物业乱收费\n物业公司擅自涨价。', '城乡建设')).toMatchObject({ category2: '住房保障与房地产', category3: '物业服务' });
    expect(matcher.match('物业乱收费\n物业公司擅自涨价。', '环境保护').category2).toBeNull();
  });

  it('gives nothing without clear evidence: no keyword, one weak word of the content, or a tie', () => {
    expect(matcher.match('咨询一个问题\n请问怎么办理。', '环境保护')).toEqual({ category2: null, category3: null, confidence: null, evidence: [] });
    expect(matcher.match('反映情况\n附近有噪音。', '环境保护').category2).toBeNull();
    expect(matcher.match('水污染和大气污染\n工厂排放。', '环境保护')).toMatchObject({ category2: '环境污染', category3: null });
    expect(matcher.match('任何文字\n内容', '不存在的类别').category2).toBeNull();
  });

  it('reads a bounded prefix of a long content', () => {
    const far = `举报\n${'无关的文字。'.repeat(1_000)}噪音污染噪音污染`;
    expect(matcher.match(far, '环境保护').category2).toBeNull();
  });
});

describe('source-category crosswalk', () => {
  const crosswalk = Crosswalk.parse({
    default: { 噪声污染: '环境保护', 小区管理: '城乡建设' },
    sources: { 'hotline-12345': { 小区管理: '城乡建设', 交通设施: '交通运输', 噪声污染: '环境保护' }, mailbox: { 噪声污染: '城乡建设' } },
  });

  it('maps exactly, per source first, then by path segment from the most specific', () => {
    expect(crosswalk.map('hotline-12345', '交通设施')).toBe('交通运输');
    expect(crosswalk.map('mailbox', '噪声污染')).toBe('城乡建设');
    expect(crosswalk.map('other', '噪声污染')).toBe('环境保护');
    expect(crosswalk.map('other', '城乡建设/小区管理')).toBe('城乡建设');
    expect(crosswalk.map('hotline-12345', ' 市政 - 交通设施 ')).toBe('交通运输');
  });

  it('gives null for no category or an unknown one, and rejects a malformed table', () => {
    expect(crosswalk.map('other', null)).toBeNull();
    expect(crosswalk.map('other', '  ')).toBeNull();
    expect(crosswalk.map('other', '未知分类')).toBeNull();
    expect(() => Crosswalk.parse({ default: { 噪声污染: 3 } })).toThrow();
  });

  it('loads the shipped table', async () => {
    const shipped = await Crosswalk.load();
    expect(shipped.map('hotline-12345', '噪声污染')).toBe('环境保护');
  });
});
