/**
 * Per-city configuration of place and organisation extraction. The defaults fit the masked
 * 西地省 data (A市, A3区, C4市, A7县 …); a city adds its own estate names, landmarks and
 * stop-words without code changes (e.g. loaded from JSON and passed to `createGazetteer`).
 */
export type PlaceKind = 'district' | 'admin' | 'road' | 'estate' | 'school' | 'hospital' | 'organisation';

export interface GazetteerConfig {
  /** Extra known names (estates without a suffix, landmarks, companies), with their kind. */
  names?: Record<string, PlaceKind>;
  /** Extra strings that are never a place on their own (after suffix stripping too). */
  stopWords?: string[];
}

/** Suffix → kind, longest suffixes first so 小学 wins over 学, 街道 over 街. */
export const SUFFIX_KINDS: ReadonlyArray<readonly [string, PlaceKind]> = [
  ['幼儿园', 'school'], ['实验学校', 'school'], ['学校', 'school'], ['中学', 'school'], ['小学', 'school'],
  ['学院', 'school'], ['大学', 'school'], ['附中', 'school'],
  ['医院', 'hospital'], ['卫生院', 'hospital'],
  ['小区', 'estate'], ['花园', 'estate'], ['家园', 'estate'], ['新城', 'estate'], ['新村', 'estate'],
  ['公寓', 'estate'], ['大厦', 'estate'], ['广场', 'estate'], ['楼盘', 'estate'], ['项目', 'estate'],
  ['国际城', 'estate'], ['苑', 'estate'], ['府', 'estate'], ['园', 'estate'], ['湾', 'estate'],
  ['有限公司', 'organisation'], ['公司', 'organisation'], ['集团', 'organisation'], ['厂', 'organisation'],
  ['站', 'organisation'], ['市场', 'organisation'], ['银行', 'organisation'], ['公园', 'organisation'],
  ['街道', 'admin'], ['社区', 'admin'], ['镇', 'admin'], ['乡', 'admin'], ['村', 'admin'], ['组', 'admin'],
  ['大道', 'road'], ['路', 'road'], ['街', 'road'], ['巷', 'road'],
];

/** Words that end in a suffix but name no particular place (checked after suffix stripping). */
export const DEFAULT_STOP_WORDS: readonly string[] = [
  '我们', '你们', '他们', '我', '附近', '周边', '周围', '这个', '那个', '该', '本', '此', '各', '每个', '所有', '全',
  '政府', '人民政府', '市政府', '区政府', '县政府', '镇政府', '我们小区', '本小区', '该小区', '小区', '一个', '这',
  '马', '道', '公', '网', '铁', '公交', '车', '加油', '派出所', '垃圾', '中转', '收费', '服务', '工作', '电',
  '水', '变电', '高铁', '火车', '汽车', '地铁', '搅拌', '小组', '领导小', '村民小', '乡村', '农村', '城乡', '新农村',
  '幼儿', '公办', '民办', '私立', '公立', '重点', '职业', '技术', '城', '家', '花', '校', '游', '公安', '上',
  '下', '出', '思', '道理', '门', '后', '前', '去', '走', '入', '进', '回', '一', '二', '三', '四', '五',
  '中心', '物业', '开发', '房地产', '房地产开发', '物业管理', '物业服务', '建设', '建筑', '投资', '科技', '置业',
];
