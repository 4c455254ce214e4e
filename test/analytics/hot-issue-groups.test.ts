import { describe, expect, it } from 'vitest';
import { groupTickets, issueNames, resolveNames, withoutAdminPrefix } from '../../src/analytics/hot-issue-groups.ts';

const at = (month: number, day: number) => new Date(Date.UTC(2019, month - 1, day, 10));
const ticket = (id: string, title: string, content: string, when: Date, category = '教育文体') => ({ id, demands: [{ title, content, occurredAt: when, category }] });

describe('hot issue grouping', () => {
  it('normalises administrative prefixes and keeps only named places', () => {
    expect(withoutAdminPrefix('西地省涉外经济学院')).toBe('涉外经济学院');
    expect(withoutAdminPrefix('a市a3区丽发新城')).toBe('丽发新城');
    expect(issueNames({ title: 'A市涉外经济学院强制学生实习', content: '学校要求学生必须去学校安排的企业实习。' })).toEqual(['涉外经济学院']);
    expect(issueNames({ title: '西地省涉外经济学院变相强制学生社会实践', content: '校方要求所有大一新生进行社会实践。' })).toEqual(['涉外经济学院']);
    expect(issueNames({ title: 'A市经济学院组织学生去工厂工作', content: '寒假过年期间组织学生去工厂。' })).toEqual(['经济学院']);
    // an unqualified common-word institution is template vocabulary, not a name
    expect(issueNames({ title: '体育学院变相强制实习', content: '系里要求我们去指定公司实训。' })).toEqual([]);
  });

  it('resolves an abbreviation only to a single full name', () => {
    expect(resolveNames(['经济学院', '涉外经济学院']).get('经济学院')).toBe('涉外经济学院');
    const both = resolveNames(['经济学院', '涉外经济学院', '财政经济学院']);
    expect(both.get('经济学院')).toBeUndefined();
    expect(both.get('财政经济学院')).toBe('财政经济学院');
    expect(both.get('涉外经济学院')).toBe('涉外经济学院');
    // a ticket that names the abbreviation with one of the full names shows which it stands for
    const seen = resolveNames(['经济学院', '涉外经济学院', '财政经济学院'], [['经济学院', '涉外经济学院'], ['财政经济学院']]);
    expect(seen.get('经济学院')).toBe('涉外经济学院');
    // … unless tickets pair it with both
    expect(resolveNames(['经济学院', '涉外经济学院', '财政经济学院'], [['经济学院', '涉外经济学院'], ['经济学院', '财政经济学院']]).get('经济学院')).toBeUndefined();
  });

  it('joins tickets of one organisation and category within the window, never 财政 with 涉外', () => {
    const groups = groupTickets([
      ticket('a', 'A市涉外经济学院组织学生外出打工合理吗？', '学校组织我们学生在外省做流水线工作。', at(11, 5)),
      ticket('b', 'A市经济学院寒假过年期间组织学生去工厂工作', '过年期间组织学生去工厂工作。', at(11, 22)),
      ticket('c', '西地省涉外经济学院变相强制学生社会实践', '校方要求所有大一新生进行社会实践。', at(11, 27)),
      ticket('d', '西地省财政经济学院以报名名额已满拒绝让学生报名四级', '四级考试报名名额已满。', at(11, 10)),
      ticket('e', '西地省财政经济学院食堂只开放十余个窗口', '学生吃不上饭。', at(11, 12)),
      ticket('f', 'A市涉外经济学院外街理发店扰民', '理发店音响放在外面。', at(11, 15), '环境保护'),
      ticket('g', 'A市涉外经济学院强制学生实习', '学校要求学生必须去学校安排的企业实习。', at(3, 1)),
    ], { windowDays: 90 });
    const sorted = groups.map((g) => g.sort().join('')).sort();
    // b says only 经济学院, which is ambiguous here (涉外 and 财政 both end with it): it stays alone
    expect(sorted).toEqual(['ac', 'b', 'de', 'f', 'g']);
    // a merged ticket that reports the same problem under both names resolves the abbreviation
    const aliased = groupTickets([
      { id: 'a', demands: [
        { title: 'A市涉外经济学院组织学生外出打工合理吗？', content: '学校组织我们学生在外省做流水线工作。', occurredAt: at(11, 5), category: '教育文体' },
        { title: 'A市经济学院组织学生外出打工合理吗？', content: '学校组织我们学生在外省做流水线工作。', occurredAt: at(11, 5), category: '教育文体' },
      ] },
      ticket('b', 'A市经济学院寒假过年期间组织学生去工厂工作', '过年期间组织学生去工厂工作。', at(11, 22)),
      ticket('d', '西地省财政经济学院以报名名额已满拒绝让学生报名四级', '四级考试报名名额已满。', at(11, 10)),
    ], { windowDays: 90 });
    expect(aliased.map((g) => g.sort().join('')).sort()).toEqual(['ab', 'd']);
    // without the 财政 tickets the abbreviation resolves, and a wider window reaches March
    const wide = groupTickets([
      ticket('a', 'A市涉外经济学院组织学生外出打工合理吗？', '学校组织我们学生在外省做流水线工作。', at(11, 5)),
      ticket('b', 'A市经济学院寒假过年期间组织学生去工厂工作', '过年期间组织学生去工厂工作。', at(11, 22)),
      ticket('g', 'A市涉外经济学院强制学生实习', '学校要求学生必须去学校安排的企业实习。', at(3, 1)),
    ], { windowDays: 365 });
    expect(wide.map((g) => g.sort().join(''))).toEqual(['abg']);
  });

  it('keeps one name in two districts apart (a developer brand is no place)', () => {
    const groups = groupTickets([
      ticket('a', 'A7县碧桂园威尼斯城大范围的违建', '小区里到处违建。', at(5, 1), '城乡建设'),
      ticket('b', '举报A8县碧桂园山湖城开发商出卖公共土地', '开发商出卖公共土地。', at(5, 9), '城乡建设'),
      ticket('c', 'A7县碧桂园业主反映小区道路破损', '小区道路破损多年无人修。', at(5, 20), '城乡建设'),
    ], { windowDays: 90 });
    expect(groups.map((g) => g.sort().join('')).sort()).toEqual(['ac', 'b']);
  });
});
