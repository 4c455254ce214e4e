import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { ClusterStore } from '../../src/merge/cluster-store.ts';
import { markNonNames, NON_NAME_TAG } from '../../src/merge/non-name-words.ts';
import { convertChangedRuns } from '../../src/merge/traditional-chars.ts';

const SIMPLIFIED = [
  'A3区恒大城小区门口的路灯坏了一个多月，请问什么时候修？',
  '关于D1区酃湖乡合福村颜家组村民违规建房的问题，怎么没有人管',
  '和顺洋湖壹号小区2号楼电梯经常坏，物业不作为，12345反映多次',
  '我们这里的自来水公司乱收费，干干净净的水也要钱吗？后来才知道',
];

describe('convertChangedRuns', () => {
  const convert = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const fast = convertChangedRuns(convert);
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
  const toHongKong = OpenCC.Converter({ from: 'cn', to: 'hk' });

  it('gives exactly what converting the whole text gives', () => {
    const texts: string[] = [
      ...SIMPLIFIED,
      ...SIMPLIFIED.map((t) => toTraditional(t)),
      ...SIMPLIFIED.map((t) => toHongKong(t)),
      SIMPLIFIED.map((t, i) => (i % 2 ? toTraditional(t) : t)).join('·'),
      '這個社區的路燈壞了，請儘快維修。臺灣 後來 著名 乾隆 一干二淨 什麼',
      '⿰氵青 描述字符与 𠵾 扩展区汉字 乾乾淨淨',
      '',
    ];
    for (const t of texts) expect(fast(t)).toBe(convert(t));
  });

  it('returns a simplified text without converting it', () => {
    let calls = 0;
    const counting = convertChangedRuns((t) => (calls++, convert(t)));
    counting('请问小区的路灯什么时候修');
    counting('A3区 幸福路 12345');
    expect(calls).toBeLessThanOrEqual(1); // 什么 (么 is changed by one stage and changed back by the next) may convert its run only
  });
});

describe('markNonNames', () => {
  it('marks what jieba.tag with the non-name tags marks, clause by clause', () => {
    const jieba = Jieba.withDict(dict);
    for (const raw of SIMPLIFIED) {
      const text = raw.replace(/[，？、]/g, ' ');
      const expected = new Int32Array(text.length + 1);
      let offset = 0;
      for (const token of jieba.tag(text, true)) {
        const end = offset + token.word.length;
        const numbered = token.tag === 'm' && token.word.endsWith('号');
        if (NON_NAME_TAG.test(token.tag) && !numbered) for (let i = offset + 1; i <= end; i++) expected[i] = 2;
        offset = end;
      }
      const floor = new Int32Array(text.length + 1);
      markNonNames(text, floor, () => true);
      expect(Array.from(floor)).toEqual(Array.from(expected));
    }
  });
});

describe('ClusterStore', () => {
  const doc = (id: string) => ({ id, content: id, occurredAt: null });

  it('keeps representatives in order, unlinks one, and reuses a closed cluster number', () => {
    const store = new ClusterStore();
    const a = store.open('ticket-a');
    store.addRepresentative(a, doc('a1'), 0, 10);
    store.addRepresentative(a, doc('a2'), 1, 11);
    store.addRepresentative(a, doc('a3'), 2, 12);
    expect([...store.representatives(a)].map((s) => store.docAt(s).id)).toEqual(['a1', 'a2', 'a3']);
    expect(store.titleSlotOf(1)).toBe(11);
    expect(store.ownerOf(2)).toBe(a);
    store.removeRepresentative(a, 1);
    expect([...store.representatives(a)].map((s) => store.docAt(s).id)).toEqual(['a1', 'a3']);
    expect(store.representativeCount(a)).toBe(2);
    store.addPlaces(a, [{ name: '恒大城小区', core: '恒大城', kind: 'estate' }]);
    expect(store.placesOf(a).map((p) => p.core)).toEqual(['恒大城']);
    store.close(a);
    expect(store.numberOf('ticket-a')).toBeUndefined();
    const b = store.open('ticket-b');
    expect(b).toBe(a);
    expect(store.representativeCount(b)).toBe(0);
    expect(store.placesOf(b)).toEqual([]);
    expect(store.size).toBe(1);
  });
});
