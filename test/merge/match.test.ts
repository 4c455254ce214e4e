import { describe, expect, it } from 'vitest';
import { DocumentFrequency } from '../../src/merge/document-frequency.ts';
import { compareProfiles, decide, matchProfiles } from '../../src/merge/match.ts';
import { createGazetteer } from '../../src/merge/places.ts';
import { buildProfile, type DemandDoc } from '../../src/merge/profile.ts';

const gazetteer = createGazetteer();
const when = new Date(Date.UTC(2019, 3, 1));
const INTERNSHIP = '各位领导干部大家好，我是{}的一名学生，临近毕业，学校开始组织学生参加实习，学校要求学生必须去学校安排的几个点实习，工资500元。';

function judge(a: Partial<DemandDoc>, b: Partial<DemandDoc>) {
  const df = new DocumentFrequency();
  const [pa, pb] = [a, b].map((d, i) => buildProfile({ id: String(i), content: '', occurredAt: when, ...d }, gazetteer));
  for (const p of [pa!, pb!]) df.observe(p.topic, p.places.map((x) => x.core));
  return decide(compareProfiles(pa!, pb!, [], df));
}

describe('decide', () => {
  it('vetoes near-identical letters naming different schools (place conflict)', () => {
    const d = judge(
      { title: 'A市涉外经济学院强制学生实习', content: INTERNSHIP.replace('{}', 'A市涉外经济学院') },
      { title: 'A市商贸旅游职业技术学院强制学生实习', content: INTERNSHIP.replace('{}', 'A市商贸旅游职业技术学院') },
    );
    expect(d).toMatchObject({ same: false, rule: 'place-conflict' });
  });

  it('accepts a copy of the same letter as a near-duplicate', () => {
    const letter = { title: 'A市经济学院强制学生实习', content: INTERNSHIP.replace('{}', 'A市经济学院') };
    expect(judge(letter, { ...letter, content: `${letter.content}望回复！` })).toMatchObject({ same: true, rule: 'near-duplicate' });
  });

  it('ignores the category (noisy labels never veto)', () => {
    const letter = { title: 'A市经济学院强制学生实习', content: INTERNSHIP.replace('{}', 'A市经济学院') };
    expect(judge({ ...letter, category: '教育文体' }, { ...letter, category: '劳动和社会保障' }).same).toBe(true);
  });

  it('keeps the same reporter’s templated requests on different topics apart', () => {
    const template = (topic: string) => `在国家大力倡导以人民为中心的大背景下，希望市委市政府加快${topic}有何具体政策和行动？`;
    const d = judge(
      { title: '请A市加快小微企业发展帮扶', content: template('支持小微民营企业发展帮扶'), reporterHash: 'u1' },
      { title: '请A市加快提高人民教师收入待遇', content: template('提高人民教师的收入待遇'), reporterHash: 'u1' },
    );
    expect(d.same).toBe(false);
  });

  it('keeps the same policy question in two different cities apart (jurisdiction conflict)', () => {
    const letter = (city: string) => ({
      title: `关于解决${city}国有企业职教幼教退休教师待遇问题`,
      content: `国资委63号文件下发已久，请问${city}有关部门何时落实国有企业职教、幼教退休教师待遇？`,
    });
    expect(judge(letter('D市'), letter('B市'))).toMatchObject({ same: false, rule: 'district-conflict' });
    // a city and one of its own districts only narrow the place
    expect(judge(letter('A市'), { ...letter('A市'), title: '关于解决A3区国有企业职教幼教退休教师待遇问题' }).rule).not.toBe('district-conflict');
  });

  it('treats two villages of one township as two places, and a title road as the letter’s own place', () => {
    const villages = judge(
      { title: 'D1区酃湖乡合福村颜家组村民违规建房有人管吗', content: '村民违规建房有人管吗？是不是有钱就可以为所欲为？' },
      { title: 'D1区酃湖乡大众村四组村民违规建房有人管吗', content: '村民违规建房有人管吗？是不是送礼就可以建房？' },
    );
    expect(villages).toMatchObject({ same: false, rule: 'place-conflict' });
    const body = '公路全长20公里，由国家投资群众集资才全线硬化，如今超载车辆来往，公路被严重损毁，沿线环境被严重破坏。';
    const roads = judge({ title: 'C4市月白公路被严重损毁', content: body }, { title: 'C4市双石公路被严重损毁', content: body });
    expect(roads).toMatchObject({ same: false, rule: 'place-conflict' });
  });

  it('counts a common facility as one place when both letters name it as their own in the same rare county', () => {
    // 自来水公司 is named by many tickets (every town has one): alone it identifies nothing
    const judgeCommon = (a: Partial<DemandDoc>, b: Partial<DemandDoc>) => {
      const df = new DocumentFrequency();
      for (let i = 0; i < 20; i++) df.observePlaces(['自来水']);
      const [pa, pb] = [a, b].map((d, i) => buildProfile({ id: String(i), content: '', occurredAt: when, ...d }, gazetteer));
      for (const p of [pa!, pb!]) df.observe(p.topic, p.places.map((x) => x.core));
      return { full: decide(compareProfiles(pa!, pb!, [], df)), lazy: matchProfiles(pa!, pb!, [], df).decision };
    };
    const a = { content: '烧开的水壶里有厚厚一层水垢，水质检测说合格，恐怕是骗人的，请查一查水质。' };
    const b = { content: '家里的水一直浑浊，放一会儿杯底就有白色沉淀，这样的水质怎么能喝，请政府查一查。' };
    const same = judgeCommon({ ...a, title: 'M9县自来水公司水质问题能否查查' }, { ...b, title: 'M9县自来水公司的水质太差' });
    expect(same.full).toMatchObject({ same: true, rule: 'shared-place-same-problem' });
    expect(same.lazy).toMatchObject({ same: true, rule: 'shared-place-same-problem' });
    // without the county, two letters about "the water company" may be about any town's
    const anywhere = judgeCommon({ ...a, title: '自来水公司水质问题能否查查' }, { ...b, title: '自来水公司的水质太差' });
    expect(anywhere.full.same).toBe(false);
    expect(anywhere.lazy.same).toBe(false);
    // the county named by both, but the water company is only one letter's own place
    const bodyOnly = judgeCommon({ ...a, title: 'M9县自来水公司水质问题能否查查' }, { title: 'M9县老城区的水质太差', content: '家里的水一直浑浊，放一会儿杯底就有白色沉淀，听说自来水公司也不管，这样的水质怎么能喝。' });
    expect(bodyOnly.full.rule).not.toBe('shared-place-same-problem');
  });

  it('counts an own place that the other letter names word for word although its extraction missed it', () => {
    const lift = { content: '电梯三天两头停运，住户只能爬楼，老人上下楼很危险，请有关部门检查电梯质量。' };
    const own = { ...lift, title: 'M9县跃华园小区电梯频繁出故障' };
    // the segmenter cuts 跃 off as a verb here, so no place is extracted from this title
    const same = judge(own, { title: 'M9县新城跃华园电梯老是停运', content: '电梯质量差，经常停运，维修也不及时，希望检查电梯。' });
    expect(same).toMatchObject({ same: true, rule: 'shared-place-same-problem' });
    const other = judge(own, { title: 'M9县新城跃明园电梯老是停运', content: '电梯质量差，经常停运，维修也不及时，希望检查电梯。' });
    expect(other.rule).not.toBe('shared-place-same-problem');
  });
});

describe('matchProfiles', () => {
  it('decides as decide(compareProfiles) on every pair of a sample of shared messages (same issue: same rule, score and places)', async () => {
    const { readFileSync, existsSync } = await import('node:fs');
    const hot = new URL('../../../shared/data/messages-hot.jsonl', import.meta.url);
    const docs: DemandDoc[] = existsSync(hot)
      ? readFileSync(hot, 'utf8').split('\n').filter(Boolean).slice(0, 160).map((l, i) => {
          const r = JSON.parse(l) as { title?: string; content?: string; user?: string };
          return { id: String(i), title: r.title ?? '', content: r.content ?? '', occurredAt: when, reporterHash: r.user ?? null };
        })
      : [];
    // without the shared data, a few hand-made letters
    if (docs.length === 0) for (const [i, t] of ['A市经济学院强制学生实习', 'A市涉外经济学院强制学生实习', 'D1区酃湖乡合福村村民违规建房'].entries()) docs.push({ id: String(i), title: t, content: INTERNSHIP.replace('{}', t), occurredAt: when });
    const df = new DocumentFrequency();
    const profiles = docs.map((d) => buildProfile(d, gazetteer));
    for (const p of profiles) df.observe(p.topic, p.places.map((x) => x.core));
    let same = 0;
    for (const a of profiles) for (const b of profiles) {
      if (a === b) continue;
      const features = compareProfiles(a, b, b.corePlaces, df);
      const full = decide(features);
      const lazy = matchProfiles(a, b, b.corePlaces, df);
      expect(lazy.decision.same).toBe(full.same);
      expect(lazy.decision.rule).toBe(full.rule);
      if (full.same) {
        same++;
        expect(lazy.decision.score).toBe(full.score);
        expect(lazy.shared).toEqual(features.shared);
      }
    }
    expect(same).toBeGreaterThan(0);
  });
});
