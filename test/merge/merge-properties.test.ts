import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MergeEngine } from '../../src/merge/merge-engine.ts';

const when = new Date(Date.UTC(2019, 5, 1));
/** Problem words only: no place or organisation suffix (学校, 路, 站…), so the estate is the text's only place. */
const cjk = fc.string({ unit: fc.constantFrom(...'噪音扰民粉尘油烟破损积水停水停电施工违建物业收费灯垃圾车辆'), minLength: 20, maxLength: 80 });
/** Estate names that share no character, so neither is a suffix of the other. */
const estate = fc.tuple(fc.constantFrom('丽发新', '森宇', '魅力之', '润芳', '嘉顺', '怡海星'), fc.constantFrom('城', '家园', '花园'));

describe('MergeEngine properties', () => {
  it('adding the same text twice always merges', () => {
    fc.assert(
      fc.property(cjk, estate, (body, [name, suffix]) => {
        const engine = new MergeEngine();
        const text = `我们${name}${suffix}小区${body}`;
        const a = engine.add({ id: 'a', title: `${name}${suffix}问题`, content: text, occurredAt: when });
        const b = engine.add({ id: 'b', title: `${name}${suffix}问题`, content: text, occurredAt: when });
        expect(b.clusterId).toBe(a.clusterId);
      }),
      { numRuns: 40 },
    );
  });

  it('a text whose only specific place is replaced by another never merges', () => {
    fc.assert(
      fc.property(cjk, estate, estate, (body, [n1, s1], [n2, s2]) => {
        fc.pre(n1 !== n2);
        const engine = new MergeEngine();
        const text = (place: string) => `A市${place}小区${body}${body}，请相关部门尽快处理${place}的问题。`;
        const a = engine.add({ id: 'a', title: `${n1}${s1}反映`, content: text(`${n1}${s1}`), occurredAt: when });
        const b = engine.add({ id: 'b', title: `${n2}${s2}反映`, content: text(`${n2}${s2}`), occurredAt: when });
        expect(b.clusterId).not.toBe(a.clusterId);
      }),
      { numRuns: 40 },
    );
  });
});
