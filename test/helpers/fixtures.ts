import { writeFile } from 'node:fs/promises';

/** Lines in the format of ../shared/data/messages-*.jsonl (id, user, title, content, time). */
export interface MessageLine {
  id: string;
  user: string;
  title: string;
  content: string;
  time: string;
}

const PHONE = '13812345678';

/**
 * Six distinct issues and two re-reports of the first one: an exact copy from another
 * user, and a copy differing in punctuation, full-width characters and the caller's phone.
 * Plus one line that is not JSON and one with empty content (both must be quarantined).
 */
export function messageFixture(): { lines: string[]; distinctIssues: number; valid: number; invalid: number; phone: string } {
  const base: MessageLine[] = [
    { id: 'm1', user: 'A0001', title: '魅力之城小区餐馆油烟扰民', content: `A3区魅力之城小区临街一楼的餐馆油烟直排，每天晚上噪音到十一点，严重影响居民休息。联系电话${PHONE}。`, time: '2026-11-01 09:12:00' },
    { id: 'm2', user: 'A0002', title: 'A市经济学院强制学生实习', content: 'A市经济学院要求学生到指定企业顶岗实习，不去就不发毕业证，实习期间每天工作十二小时。', time: '2026-11-02 10:00:00' },
    { id: 'm3', user: 'A0003', title: '洋湖路路灯不亮', content: 'A5区洋湖路从湘江大道到坪塘大道一段路灯已经坏了两个多月，晚上行人很不安全。', time: '2026-11-02 21:30:00' },
    { id: 'm4', user: 'A0004', title: '拖欠农民工工资', content: '我们在A2区某建筑工地做了半年，包工头拖欠八名农民工工资共计二十万元，至今未付。', time: '2026-11-03 08:45:00' },
    { id: 'm5', user: 'A0005', title: '社区卫生服务中心排队时间长', content: 'A1区月塘社区卫生服务中心只有一个医生看诊，老人排队要等三个小时，希望增加医生。', time: '2026-11-03 15:20:00' },
    { id: 'm6', user: 'A0006', title: '公交线路调整建议', content: '建议A7区增开一条连接高铁站和工业园的公交线路，目前上下班高峰期打车困难。', time: '2026-11-04 07:10:00' },
  ];
  const copies: MessageLine[] = [
    { ...base[0]!, id: 'm7', user: 'A0007', time: '2026-11-05 20:00:00' },
    {
      ...base[0]!,
      id: 'm8',
      user: 'A0008',
      title: '再次反映油烟问题',
      content: `Ａ3区 魅力之城小区临街一楼的餐馆油烟直排!每天晚上噪音到十一点……严重影响居民休息。联系电话13998765432`,
      time: '2026-11-06 19:00:00',
    },
  ];
  const lines = [...base, ...copies].map((m) => JSON.stringify(m));
  lines.splice(3, 0, '{"id": "broken", "title": "not json');
  lines.push(JSON.stringify({ id: 'm9', user: 'A0009', title: '空内容', content: '   ', time: '2026-11-07 10:00:00' }));
  return { lines, distinctIssues: base.length, valid: base.length + copies.length, invalid: 2, phone: PHONE };
}

export async function writeLines(path: string, lines: string[]): Promise<string> {
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

export const MEMBERS_CSV = [
  '姓名,界别,专委会,属地,关注领域,每日上限,用户名,密码',
  '王委员,医药卫生界,提案委员会,全市,,50,member.a,password-a-123',
  '李委员,教育界,教科卫体委员会,全市,,50,member.b,password-b-123',
].join('\n');
