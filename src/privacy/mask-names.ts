/**
 * Names a citizen gives in a text after an explicit marker (我叫…, 姓名：…, 投诉人：…). Only
 * after such markers: elsewhere a name cannot be told from a place or an ordinary word. The name
 * must start with a common surname (so 我叫停车 or 投诉人：银杏嘉园小区全体业主 stay); its
 * length is the one followed by a boundary (punctuation, a digit, 先生, 电话, 时间, …), else a
 * two-character given name, the most common.
 */
const MARKER = /(?:我叫|我的名字(?:是|叫)|本人叫|本人(?:姓名|名字)(?:是|叫|为|[:：])?|(?:姓名|联系人|投诉人|反映人|来电人|报告人|求助人|申请人|当事人|举报人)\s*[:：]\s*)/g;

const SURNAMES = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝谈',
);
const COMPOUND = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '令狐', '夏侯', '端木', '独孤'];
const BOUNDARY = ['先生', '女士', '师傅', '同志', '电话', '手机', '联系', '时间', '性别', '身份', '家住', '住在', '现住', '现年', '今年', '年龄', '投诉', '反映', '举报', '男', '女', '于', '是', '在', '等', '和', '与', '及'];
const CJK = /[\u4e00-\u9fff]/;
const MINORITY = /^[\u4e00-\u9fff]{1,4}·[\u4e00-\u9fff]{1,5}/;

const isCjk = (c: string | undefined) => c !== undefined && CJK.test(c);
const boundaryAt = (text: string, i: number) => i >= text.length || !isCjk(text[i]) || BOUNDARY.some((w) => text.startsWith(w, i));

/** Characters of the name at the start of `rest`, 0 when none is there. */
function nameLength(rest: string): number {
  const minority = MINORITY.exec(rest);
  if (minority && (SURNAMES.has(rest[0]!) || boundaryAt(rest, minority[0].length))) return minority[0].length;
  const surname = COMPOUND.find((c) => rest.startsWith(c))?.length ?? (SURNAMES.has(rest[0] ?? '') ? 1 : 0);
  if (surname === 0 || !isCjk(rest[surname])) return 0;
  for (const given of [2, 1]) {
    const end = surname + given;
    if ([...rest.slice(surname, end)].every(isCjk) && end <= rest.length && boundaryAt(rest, end)) return end;
  }
  return surname + (isCjk(rest[surname + 1]) ? 2 : 1);
}

/** 我叫张三丰，… → 我叫张**，… (`mask` hides one name). */
export function maskNamesInText(text: string, mask: (name: string) => string): string {
  let out = '';
  let from = 0;
  for (const m of text.matchAll(MARKER)) {
    const start = m.index + m[0].length;
    if (start < from) continue;
    // a list of names after one marker: 报告人：李翠三、晏芬配
    for (let at = start; ; at = from + 1) {
      const length = nameLength(text.slice(at, at + 12));
      if (length === 0) break;
      out += text.slice(from, at) + mask(text.slice(at, at + length));
      from = at + length;
      if (text[from] !== '、') break;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}
