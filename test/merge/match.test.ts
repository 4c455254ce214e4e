import { describe, expect, it } from 'vitest';
import { DocumentFrequency } from '../../src/merge/document-frequency.ts';
import { compareProfiles, decide } from '../../src/merge/match.ts';
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
});
