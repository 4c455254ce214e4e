import { describe, expect, it } from 'vitest';
import { compact, normaliseText, NUMBER_PLACEHOLDER } from '../../src/merge/normalise.ts';
import { createGazetteer } from '../../src/merge/places.ts';

describe('normaliseText', () => {
  it('folds width, converts traditional to simplified and masks personal numbers', () => {
    const text = normaliseText('ＡＢＣ１２３ 麗發新城攪拌站，電話13812345678！');
    expect(text).toContain('abc123');
    expect(text).toContain('丽发新城搅拌站');
    expect(text).not.toMatch(/138/);
    expect(text).toContain(NUMBER_PLACEHOLDER);
  });

  it('makes two callers with different phone numbers read the same', () => {
    const a = compact(normaliseText('噪音扰民，请回电13812345678'));
    const b = compact(normaliseText('噪音扰民，请回电 139-0000-1111'));
    expect(a).toBe(b);
  });
});

describe('createGazetteer', () => {
  const names = (text: string, g = createGazetteer()) => g.extract(normaliseText(text)).map((p) => `${p.name}/${p.kind}`);

  it('finds masked districts, estates, schools and villages', () => {
    expect(names('A市A2区丽发新城附近修建搅拌厂')).toEqual(expect.arrayContaining(['a市/district', 'a2区/district', '丽发新城/estate']));
    expect(names('A市涉外经济学院强制学生实习')).toContain('涉外经济学院/school');
    expect(names('A7县春华镇金鼎村水泥路')).toEqual(expect.arrayContaining(['春华镇/admin', '金鼎村/admin']));
  });

  it('cuts names at verbs and function words', () => {
    expect(names('投诉滨河苑针对广铁职工购房的霸王规定')).toContain('滨河苑/estate');
    expect(names('单方面改变麓谷明珠小区6栋架空层')).toContain('麓谷明珠小区/estate');
  });

  it('drops generic words and government bodies', () => {
    const found = names('希望市政府和我们小区附近的政府部门管一管');
    expect(found.some((n) => n.includes('政府'))).toBe(false);
    expect(found).not.toContain('小区/estate');
  });

  it('takes extra names and stop-words from the city configuration', () => {
    const g = createGazetteer({ names: { 魅力之城: 'estate' }, stopWords: ['丽发'] });
    expect(names('劳动东路魅力之城底层餐馆油烟', g)).toContain('魅力之城/estate');
    expect(names('丽发新城搅拌站', g)).not.toContain('丽发新城/estate');
  });
});
