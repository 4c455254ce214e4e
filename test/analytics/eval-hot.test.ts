import { describe, expect, it } from 'vitest';
import { replayHot } from '../../src/cli/eval-hot-command.ts';

const at = (day: number) => new Date(Date.UTC(2019, 7, day, 10));
const message = (id: string, day: number, title: string, content: string, user = `u${id}`) =>
  ({ id, fileId: id, title, content, occurredAt: at(day), reporterHash: user, likes: 0, dislikes: 0, channel: 'message-board' });

describe('eval hot replay', () => {
  it('puts the repeated issue first, with the ids of all its messages', () => {
    const smoke = '魅力之城小区临街餐馆油烟直排，每天晚上噪音到十一点，严重影响居民休息，请环保部门查处。';
    const messages = [
      message('1', 1, '魅力之城小区油烟扰民', smoke),
      message('2', 2, '洋湖路路灯不亮', 'A5区洋湖路从湘江大道到坪塘大道一段路灯已经坏了两个多月，晚上行人很不安全。'),
      message('3', 3, '魅力之城小区油烟扰民', smoke),
      message('4', 4, '拖欠农民工工资', '我们在A2区某建筑工地做了半年，包工头拖欠八名农民工工资共计二十万元，至今未付。'),
      message('5', 5, '再次反映魅力之城小区油烟问题', `${smoke}已经反映多次。`),
    ];
    const [top, ...rest] = replayHot(messages, { top: 3, halfLifeDays: 30 });
    expect(top!.ids.sort()).toEqual(['1', '3', '5']);
    expect(top!.heat).toBeGreaterThan(2.5);
    expect(rest).toHaveLength(2);
    expect(rest.every((r) => r.heat <= 1)).toBe(true);
  });

  it('groups the tickets of one named estate and category into one hot issue', () => {
    const messages = [
      message('1', 1, 'A5区魅力之城小区底层餐馆油烟扰民', '魅力之城小区底层有几家餐馆，油烟直排进屋，窗户长期不能打开。'),
      message('2', 2, '万科魅力之城小区广场舞音响噪音扰民', '每天晚上九点以后中心广场的音响开到最大，老人小孩无法入睡，请城管执法。'),
      message('3', 3, 'A5区魅力之城小区底层餐馆油烟扰民', '魅力之城小区底层有几家餐馆，油烟直排进屋，窗户长期不能打开。'),
      message('4', 4, '丽发新城小区门口道路破损', '丽发新城小区门口道路坑洼积水，希望尽快修补。'),
    ];
    const classify = (text: string) => (/油烟|噪音/.test(text) ? '环境保护' : '城乡建设');
    const grouped = replayHot(messages, { top: 5, halfLifeDays: 30, classify, ranking: 'period' });
    expect(grouped[0]!.ids.sort()).toEqual(['1', '2', '3']);
    // 3 reporters, over 2 days: × (1 + ½ ln(1 + 2/30)), no recency in a 'period' ranking
    expect(grouped[0]!.heat).toBeCloseTo(3 * (1 + 0.5 * Math.log1p(2 / 30)), 2);
    expect(grouped[0]!.tickets).toBe(2);
    // without a category there is no hot-issue level: the noise complaint stays its own ticket
    const tickets = replayHot(messages, { top: 5, halfLifeDays: 30, ranking: 'period' });
    expect(tickets[0]!.ids.sort()).toEqual(['1', '3']);
  });

  it("ranks by heat at the replay's end: a quiet issue cools below a current one", () => {
    const old = (id: string, day: number) => message(id, day, '洋湖路路灯不亮', 'A5区洋湖路从湘江大道到坪塘大道一段路灯已经坏了两个多月，晚上行人很不安全。');
    const now = (id: string, day: number) => message(id, day, '拖欠农民工工资', '我们在A2区某建筑工地做了半年，包工头拖欠八名农民工工资共计二十万元，至今未付。');
    const messages = [old('1', 1), old('2', 2), old('3', 3), now('4', 200), now('5', 201)];
    const [first] = replayHot(messages, { top: 2, halfLifeDays: 30 });
    expect(first!.ids.sort()).toEqual(['4', '5']);
    const [period] = replayHot(messages, { top: 2, halfLifeDays: 30, ranking: 'period' });
    expect(period!.ids.sort()).toEqual(['1', '2', '3']);
  });
});
