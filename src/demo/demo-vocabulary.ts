/**
 * Vocabulary for generated demo data: a fictional, masked city ("A市", districts A1区…A7区)
 * in the same style as the anonymised real data, plus concrete problem templates for the
 * 7 first-level categories. Everything here is invented; no real record is copied.
 */
import type { Rng } from './random.ts';

export const CITY = 'A市';

/** First-level categories used by the classifier (一级分类). */
export const CATEGORIES = ['城乡建设', '环境保护', '交通运输', '教育文体', '劳动和社会保障', '商贸旅游', '卫生计生'] as const;
export type Category = (typeof CATEGORIES)[number];

interface StreetInfo {
  name: string;
  communities: readonly string[];
}

interface DistrictInfo {
  name: string;
  streets: readonly StreetInfo[];
}

const street = (name: string, ...communities: string[]): StreetInfo => ({ name, communities });

export const DISTRICTS: readonly DistrictInfo[] = [
  { name: 'A1区', streets: [street('洋湖街道', '洋湖社区', '沿江社区', '湖畔社区'), street('桂花街道', '桂花社区', '金桂社区', '丹桂社区'), street('望月街道', '望月社区', '月塘社区', '新月社区')] },
  { name: 'A2区', streets: [street('东塘街道', '东塘社区', '雨花社区', '塘湾社区'), street('枫树街道', '枫树社区', '枫林社区', '红枫社区'), street('侯家塘街道', '侯家塘社区', '南塘社区', '新塘社区')] },
  { name: 'A3区', streets: [street('观沙岭街道', '观沙社区', '沙河社区', '岭南社区'), street('梅溪街道', '梅溪社区', '溪湖社区', '梅岭社区'), street('银盆街道', '银盆社区', '银杉社区', '金盆社区')] },
  { name: 'A4区', streets: [street('伍家岭街道', '伍家社区', '岭北社区', '新河社区'), street('清水塘街道', '清水社区', '塘北社区', '荷花社区'), street('洪山街道', '洪山社区', '山水社区', '洪湾社区')] },
  { name: 'A5区', streets: [street('黎托街道', '黎托社区', '托江社区', '东湖社区'), street('高桥街道', '高桥社区', '桥西社区', '花桥社区'), street('月湖街道', '月湖社区', '湖东社区', '湖西社区')] },
  { name: 'A6区', streets: [street('星城街道', '星城社区', '星光社区', '星河社区'), street('白沙镇', '白沙村', '河口村', '石桥村'), street('桃花镇', '桃花村', '杨柳村', '新屋村')] },
  { name: 'A7区', streets: [street('龙泉镇', '龙泉村', '金鸡村', '凤岭村'), street('青山铺镇', '青山村', '铺里村', '双江村'), street('城郊街道', '城郊社区', '南郊社区', '北郊社区')] },
];

/** Named places; each list is split in two halves, one for demo demands and one for training examples. */
const PLACE_NAMES = {
  estate: ['魅力之城小区', '金色家园小区', '阳光新城小区', '翠湖湾小区', '锦绣华庭小区', '枫林绿洲小区', '东方名苑小区', '幸福里小区', '书香门第小区', '滨江花园小区', '紫薇苑小区', '中央公馆小区', '山水人家小区', '佳和苑小区', '盛世华城小区', '丽景湾小区'],
  road: ['人民东路', '解放西路', '建设北路', '新华路', '长青路', '迎宾路', '枫林二路', '星城大道', '金星中路', '东风路', '劳动西路', '南湖路', '友谊路', '火炬路', '银杉路', '含浦大道'],
  school: ['A市第七中学', '育才小学', '明德中学', '枫林小学', 'A市实验小学', '东湖中学', '桂花学校', '新城小学', '雅志中学', '青竹湖小学'],
  college: ['A市信息职业技术学院', 'A市现代商贸职业学校', 'A市交通工程学校', 'A市航空职业学院', 'A市机电技工学校', 'A市科技职业学院'],
  hospital: ['A市第一人民医院', 'A市中医医院', 'A市第三医院', 'A市妇幼保健院', '仁和医院', '康宁医院', '博爱医院', '济民医院'],
  brand: ['鑫达', '华宇', '宏图', '恒通', '金鹏', '瑞丰', '天成', '盛鑫', '永安', '博远', '汇丰源', '嘉诚'],
  market: ['新河农贸市场', '红星农贸市场', '桂花坪菜市场', '金盆岭农贸市场', '东屯渡农贸市场', '沙湾菜市场', '望城坡农贸市场', '荷花池菜市场'],
  river: ['白沙河', '清水河', '梅溪河', '龙王港', '桃花溪', '青竹港', '金溪河', '月亮河'],
  scenic: ['凤凰山景区', '桃花岭景区', '青龙湖景区', '云盖寺景区', '白鹭湾湿地公园', '花海生态园', '古镇老街景区', '金鹰温泉度假区'],
  shop: ['佳惠超市', '万家福超市', '好又多便利店', '惠民生活超市', '优鲜购超市', '百姓家便利店', '乐购时代超市', '邻里生鲜超市'],
} as const;

type NamedPlace = keyof typeof PLACE_NAMES;
export type Place = { district: string; street: string; community: string } & Record<NamedPlace, string>;
/** Which part of a place a hotline address points to. */
export type AddressSite = Exclude<keyof Place, 'district' | 'street' | 'brand'>;
export type PlacePool = 'demo' | 'training';

export function pickPlace(rng: Rng, pool: PlacePool, avoidDistrict?: string): Place {
  const district = rng.pick(DISTRICTS.filter((d) => d.name !== avoidDistrict));
  const streetInfo = rng.pick(district.streets);
  const named = {} as Record<NamedPlace, string>;
  for (const [field, names] of Object.entries(PLACE_NAMES) as [NamedPlace, readonly string[]][]) {
    const half = Math.ceil(names.length / 2);
    named[field] = rng.pick(pool === 'demo' ? names.slice(0, half) : names.slice(half));
  }
  return { district: district.name, street: streetInfo.name, community: rng.pick(streetInfo.communities), ...named };
}

/** Replaces {field} placeholders with the place's names. */
export function fillPlace(text: string, place: Place): string {
  return text.replace(/\{(\w+)\}/g, (_, field: string) => {
    const value = (place as Record<string, string>)[field];
    if (value === undefined) throw new Error(`unknown placeholder {${field}}`);
    return value;
  });
}

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
export const GIVEN_NAMES = ['伟', '芳', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '志强', '海燕', '文', '婷', '鹏', '红梅', '国平'];

export const LETTER_OPENERS = ['尊敬的领导：', '尊敬的领导：您好！', '领导您好：', '您好！', '各位领导：', '尊敬的市长：', ''];
export const HOTLINE_OPENERS = ['来电人反映：', '市民来电反映：', '来电反映：', '市民反映：'];
export const LETTER_CLOSINGS = ['恳请相关部门尽快处理。', '希望有关部门高度重视，尽快解决！', '望领导在百忙之中给予关注，谢谢！', '请相关部门调查核实并给予答复。', '恳请领导督促解决，谢谢！', ''];
export const HOTLINE_CLOSINGS = ['来电人希望相关部门尽快处理。', '市民要求相关部门核实处理。', '来电人要求尽快解决并给予回复。'];
/** Optional sentences between body and closing; '' (no remark) is the most frequent. */
export const LETTER_REMARKS = [
  '', '', '', '',
  '这个问题已经持续很长时间了，我们多次通过各种渠道反映，至今没有得到解决，群众意见很大。',
  '周边很多居民都有同样的困扰，大家联名签字的材料也已经交到了街道。',
  '我们也理解相关部门工作繁忙，但这件事关系到很多家庭的切身利益，实在等不起了。',
  '之前打过12345热线，也在网上留过言，得到的答复都是“已转交相关部门”，之后就没有下文。',
];
export const HOTLINE_REMARKS = ['', '', '', '来电人表示此前已多次反映，问题一直未得到解决。', '来电人称周边居民均有同样诉求。'];

export interface ProblemTemplate {
  key: string;
  category: Category;
  /** The hotline's own classification of this kind of problem. */
  sourceCategory: string;
  site: AddressSite;
  titles: readonly string[];
  bodies: readonly string[];
}

/** Which phrasing of a template a report uses. */
export interface Wording {
  title: number;
  body: number;
  opener: string;
  remark: string;
  closing: string;
}

/** Renders one report: its title and its content (opener + body + extra + remark + closing). */
export function composeText(template: ProblemTemplate, place: Place, wording: Wording, extra = ''): { title: string; content: string } {
  const title = fillPlace(template.titles[wording.title % template.titles.length] as string, place);
  const body = fillPlace(template.bodies[wording.body % template.bodies.length] as string, place);
  return { title, content: `${wording.opener}${body}${extra}${wording.remark}${wording.closing}` };
}

type TemplateSpec = Omit<ProblemTemplate, 'category'>;

const TEMPLATE_SPECS: Record<Category, readonly TemplateSpec[]> = {
  城乡建设: [
    {
      key: 'parking-fee', sourceCategory: '小区管理', site: 'estate',
      titles: ['{estate}物业违规收取停车费', '投诉{district}{estate}物业乱收停车费', '关于{estate}地面停车收费问题的反映'],
      bodies: [
        '我是{district}{estate}的业主，小区物业从本月起对地面停车位每月收取150元停车费，这些车位占用的是全体业主的公共面积，收费既没有经过业主大会表决，也没有公示收支情况。业主多次找物业和{community}反映，物业置之不理，社区也不闻不问。',
        '{estate}位于{street}{road}旁，物业公司未经业主同意擅自在小区道路两侧划线收费，一辆车每月收费200元，不交钱就不让进小区。小区车位本来就少，很多老人接送孙子的车也被拦在门外，业主意见很大。',
        '{district}{estate}物业近期贴出通知，要求所有车辆办理停车卡，否则按小时收费。请问小区公共道路上的停车费物业有没有权力收取？收取的费用去了哪里？业主们要求公开账目，物业一直推脱。',
      ],
    },
    {
      key: 'elevator-failure', sourceCategory: '安全隐患', site: 'estate',
      titles: ['{estate}电梯频繁故障困人', '{district}{estate}电梯安全隐患严重', '反映{estate}电梯长期带病运行的问题'],
      bodies: [
        '{district}{estate}共有12台电梯，交房才五年，已经多次发生困人事故，上周一位老人被困在电梯里将近四十分钟。物业只是简单维修，电梯维保单位也不见人影，业主们每天上下楼提心吊胆。',
        '我住在{estate}8栋，我们这栋的电梯近一个月坏了六次，运行时抖动厉害，还有异响。楼里住着不少老人和小孩，高层住户只能爬楼梯。物业说维修资金申请不下来，一直拖着不修。',
        '{estate}的电梯年检标志早已过期，轿厢内的应急电话也打不通。多次向物业报修，物业答复说在走流程。请质监部门上门检查，督促物业和维保公司彻底整改，消除安全隐患。',
      ],
    },
    {
      key: 'road-works', sourceCategory: '城市建设和市政管理', site: 'road',
      titles: ['{road}施工占道存在安全隐患', '{district}{road}施工围挡占用人行道', '{road}道路施工进度缓慢影响出行'],
      bodies: [
        '{district}{road}从公交站到加油站路段，人行道被{brand}建设公司的施工围挡全部圈了进去，行人只能走机动车道。每天上下班时段人流车流都很大，已经发生过几次剐蹭，安全隐患非常大。',
        '{road}修路已经快半年了，路面挖得坑坑洼洼，晚上没有警示灯，下雨天到处是积水和泥浆。附近居民和学生每天都要从这里经过，施工单位对现场完全不管理，也看不到完工时间。',
        '{street}{road}改造工程开工后，施工车辆随意停放在路边，围挡东倒西歪，夜间照明不足。前几天一位骑电动车的市民在这里摔倒受伤。请住建和城管部门督促施工单位规范施工，尽快完工。',
      ],
    },
    {
      key: 'illegal-building', sourceCategory: '违章建筑', site: 'estate',
      titles: ['{estate}顶楼业主私搭乱建', '举报{district}{estate}楼顶违章建筑', '{estate}楼顶违建迟迟不拆'],
      bodies: [
        '{district}{estate}5栋顶楼的住户在楼顶平台上用钢架和彩钢板搭建了一间近百平方米的房子，施工期间楼下住户天花板开裂漏水。我们多次向物业和{street}城管中队反映，一直没有拆除。',
        '{estate}5栋的顶楼业主把楼顶公共平台圈起来，砌墙搭棚加建了一层房子，还在上面种菜养鸡。楼顶防水层被破坏，顶层几户邻居家里一下雨就漏水，找物业协调，物业说管不了。',
        '我是{estate}的住户，顶楼有人趁节假日在楼顶加建房屋，砖块、水泥堆满楼道。这种违章建筑既破坏房屋结构，又存在火灾隐患，希望执法部门尽快到现场查看并依法拆除。',
      ],
    },
    {
      key: 'water-supply', sourceCategory: '自来水供应', site: 'estate',
      titles: ['{estate}经常停水', '{district}{estate}频繁停水影响生活', '反映{estate}停水不提前通知的问题'],
      bodies: [
        '{district}{estate}最近一个月已经停水五六次，每次停水都没有提前通知，有时一停就是一整天。小区高层住户水压本来就不足，一到用水高峰期家里基本没水，老人小孩洗澡做饭都成了问题。',
        '{estate}这个月已经停了好几次水，最长的一次停了三十多个小时，物业和自来水公司都没有提前通知。家里老人小孩做饭洗澡都成问题，只能去亲戚家接水。',
        '{street}{estate}二期的供水一直是临时管道，开发商承诺的二次供水设施迟迟没有移交，夏天几乎每天晚上停水。请供水部门和住建部门协调解决，让居民用上稳定的自来水。',
      ],
    },
    {
      key: 'delayed-delivery', sourceCategory: '房地产管理', site: 'estate',
      titles: ['{estate}逾期交房', '{district}{estate}开发商延期交房', '{estate}项目停工业主交不了房'],
      bodies: [
        '我们是{district}{estate}三期的购房业主，合同约定去年12月底交房，到现在工地还是停工状态。开发商{brand}置业一直说资金紧张，既不给准确的交房时间，也不按合同支付违约金。',
        '{estate}三期原定今年6月交房，现在已经逾期半年，工地上基本看不到工人。我们每个月既要还房贷又要付房租，压力非常大。开发商{brand}置业始终不给明确答复，恳请住建部门督促复工。',
        '我们在{district}购买了{brand}置业开发的{estate}，交房日期一拖再拖，售楼部已经关门，项目经理也联系不上。几百户业主的房款都交了，希望政府相关部门介入，保障购房者权益。',
      ],
    },
  ],
  环境保护: [
    {
      key: 'restaurant-fumes', sourceCategory: '大气污染', site: 'estate',
      titles: ['{estate}临街餐馆油烟扰民', '{district}{estate}楼下餐馆油烟直排', '投诉{road}夜宵店油烟和噪音扰民'],
      bodies: [
        '我是{district}{estate}的业主，小区临街一楼的几家餐馆油烟直排，没有安装任何净化设备，每天从下午四点开始油烟就往楼上飘，晚上吃夜宵的客人吵到十一二点。家里窗户都不敢开，衣服晾在阳台上全是油烟味。',
        '{estate}楼下{road}上新开了一家烧烤店，排烟管道直接对着住宅楼，油烟和烧烤的焦糊味熏得人头疼。夏天店家还把桌子摆到人行道上，划拳喝酒到凌晨，周边居民根本无法休息。',
        '{street}{road}沿街的餐饮店越来越多，油烟管道没有按要求高空排放，直接排到{estate}里面。向环保部门反映过，来检查时店家关门，检查人员一走又照常营业。',
      ],
    },
    {
      key: 'mixing-plant-noise', sourceCategory: '噪声污染', site: 'road',
      titles: ['{district}{brand}搅拌站噪音扰民', '{road}旁搅拌站夜间生产噪音粉尘严重', '举报{brand}搅拌站违规夜间作业'],
      bodies: [
        '{district}{road}旁边的{brand}搅拌站离居民区不到两百米，每天晚上十点以后还在生产，搅拌机轰鸣声和罐车进出的声音一直持续到凌晨。附近{estate}的居民长期睡不好觉，老人孩子身体都受到影响。',
        '{brand}混凝土搅拌站没有任何降噪和防尘措施，砂石料露天堆放，一刮风粉尘就飘进{estate}，家里窗台每天一层灰。晚上罐车进进出出，噪音大得吓人，请环保部门查一查它有没有环评手续。',
        '我们是{street}{estate}的住户，小区对面的搅拌站夜间生产已经持续三个多月，白天粉尘、晚上噪音。多次拨打电话投诉，每次只能安静一两天，之后又恢复原样。',
      ],
    },
    {
      key: 'river-sewage', sourceCategory: '水污染', site: 'river',
      titles: ['{river}有污水直排', '{district}{river}水体发黑发臭', '反映{river}沿岸排污口问题'],
      bodies: [
        '{district}{river}{road}段有一个排污口，每天都有大量黑色污水直接排进河里，河面漂着泡沫和垃圾，散发出刺鼻的臭味。附近居民晚上都不敢去河边散步，希望有关部门查清污水来源。',
        '{river}流经{street}的这一段，河水已经发黑发臭，鱼虾全部绝迹。沿岸有几家小作坊和洗车店把废水直接排入河道，下雨天还有人往河里倒垃圾。河长公示牌上的电话打过几次，一直没有改善。',
        '最近发现{river}上游的{brand}化工厂在夜间偷偷往河里排放废水，水面颜色明显发红，下游村民用这条河的水灌溉农田，担心庄稼和地下水被污染。恳请环保部门夜间突击检查。',
      ],
    },
    {
      key: 'factory-odor', sourceCategory: '大气污染', site: 'estate',
      titles: ['{brand}化工厂排放刺鼻废气', '{district}{brand}工厂废气扰民', '{estate}附近工厂异味严重'],
      bodies: [
        '{district}{brand}化工厂每天傍晚以后就开始排放刺鼻的废气，气味像烧塑料一样，周边{estate}的居民闻到后头晕恶心，很多人只能紧闭门窗。这家工厂离居民区这么近，是怎么通过环评的？',
        '{estate}的居民长期受附近工厂异味困扰，尤其是晚上和清晨，空气中有一股很浓的化学品味道。我们怀疑是{brand}化工厂在偷排废气，希望环保部门安装在线监测设备，公开监测数据。',
        '{street}工业园里的{brand}化工厂烟囱经常冒黑烟，附近的{school}和居民区都能闻到异味。孩子们在学校里上课都要关窗，请相关部门对这家企业进行检查，依法处理。',
      ],
    },
    {
      key: 'night-construction-noise', sourceCategory: '噪声污染', site: 'estate',
      titles: ['{estate}旁工地夜间施工噪音扰民', '{district}{road}工地深夜施工', '投诉{brand}建设公司工地夜间违规施工'],
      bodies: [
        '{estate}旁边{brand}建设公司的工地每天晚上十点以后还在打桩、浇筑混凝土，一直干到凌晨两三点。我们小区离工地只有几十米，家里的孩子第二天要上学，老人心脏不好，被吵得根本睡不着。',
        '{district}{road}的建筑工地近一个月几乎每晚都在施工，渣土车、泵车的轰鸣声不断。打电话问过，说是办了夜间施工许可，可许可证上写的时间和实际施工时间根本对不上。',
        '{street}{estate}对面的工地夜间施工噪音严重超标，周边居民多次报警，民警来了就停一会儿，走了继续干。恳请环保和住建部门严格管理夜间施工审批，还居民一个安静的夜晚。',
      ],
    },
    {
      key: 'livestock-pollution', sourceCategory: '农业污染', site: 'community',
      titles: ['{district}{street}养猪场污染严重', '反映{street}养猪场粪污直排', '{community}附近养猪场臭气熏天'],
      bodies: [
        '{district}{street}{community}附近有一家养猪场，存栏上千头，粪污没有经过处理就直接排进旁边的水塘和{river}，夏天臭气熏天，苍蝇蚊子成群，附近村民苦不堪言。',
        '{community}后山上的养猪场规模越来越大，粪水顺着山沟流到农田里，井水都变了味。村民找过养殖户和村委会，都说没办法，请环保部门实地调查处理。',
        '{street}的养猪场紧挨着居民房屋，猪粪随意堆放，一下雨就冲到路上，气味特别难闻。养猪场有没有环评手续？是否在禁养区内？希望相关部门依法核查。',
      ],
    },
  ],
  交通运输: [
    {
      key: 'bus-service', sourceCategory: '公共交通', site: 'road',
      titles: ['{district}{road}公交班次太少', '{road}公交车等车时间太长', '建议增加途经{road}的公交班次'],
      bodies: [
        '{district}{road}一带住着几万居民，只有一条公交线路经过，高峰期要等半个多小时才来一趟，车上挤得连门都关不上。建议公交公司增加班次，或者新开一条到地铁站的接驳线路。',
        '我每天在{road}{estate}站坐公交上班，早高峰要等四十分钟才来一趟车，来了也挤不上去，经常迟到。这条线路沿线新建了很多小区，希望公交公司增加车辆和班次。',
        '{street}{road}的公交车发车间隔太长，晚上八点以后就没有车了，下晚班的人只能打车或者走路回家。恳请交通部门延长收班时间、加密班次。',
      ],
    },
    {
      key: 'taxi-refusal', sourceCategory: '出租车管理', site: 'road',
      titles: ['投诉{road}出租车拒载', '{district}{road}出租车拒载不打表', '反映{road}一带出租车拒载议价'],
      bodies: [
        '前天晚上我在{district}{road}打出租车，连续三辆空车都以交班为由拒载，好不容易上了一辆，司机又故意绕路，平时二十元的路程收了四十多元。我保留了车牌号和发票，希望交通执法部门严肃处理。',
        '{district}{road}一带晚上出租车拒载现象很普遍，空车亮着灯也不停，停下来的先问去哪里，路程近的直接拒载，要么就一口价不打表。希望交通执法部门加强检查。',
        '{road}商圈晚上九点以后出租车基本都不打表，司机随口要价，短途乘客直接被拒载。打了服务监督电话，只说会转交公司处理，之后就没有下文。',
      ],
    },
    {
      key: 'traffic-signal', sourceCategory: '交通设施', site: 'road',
      titles: ['{road}路口缺少红绿灯', '建议在{district}{road}路口安装信号灯', '{road}路口交通事故频发'],
      bodies: [
        '{district}{road}与新开通的支路交叉的路口车流量很大，却一直没有红绿灯，车辆抢行严重，行人过马路非常危险，今年已经发生了好几起交通事故。恳请交警部门尽快在这个路口安装信号灯。',
        '{road}和新修道路交汇的十字路口每天车辆很多，至今没有安装红绿灯，也没有交警指挥，上下班高峰期车辆互不相让，经常堵成一团，{school}的学生过马路非常危险。',
        '我家住在{road}附近，这个路口没有信号灯，这几个月我亲眼看到的交通事故就有三起。建议交警部门在路口安装红绿灯和电子监控，保障行人和车辆安全。',
      ],
    },
    {
      key: 'driving-school', sourceCategory: '驾驶培训', site: 'road',
      titles: ['{brand}驾校乱收费', '投诉{district}{brand}驾校收费不透明', '{brand}驾校巧立名目收费'],
      bodies: [
        '我去年在{district}{brand}驾校报名学车，交了四千五百元培训费，签合同时说费用全包，结果科目二考试前又要交模拟费、补考费、加时费，不交就不给安排练车和考试。',
        '在{brand}驾校报名时说好一次性收费四千八百元，现在练车要交加时费，考试要交场地费、模拟费，教练还暗示要请吃饭。这种巧立名目乱收费的行为，希望交通部门管一管。',
        '{district}{brand}驾校报名时承诺的“一费制”根本不兑现，补考一次收三百元，预约考试还要另交“排队费”，收费全部没有发票。请相关部门查处驾校的乱收费行为。',
      ],
    },
    {
      key: 'muck-trucks', sourceCategory: '道路运输', site: 'road',
      titles: ['{road}渣土车超载抛洒', '{district}渣土车夜间超速闯红灯', '反映{road}渣土车撒漏污染路面'],
      bodies: [
        '{district}{road}每天晚上有大量渣土车经过，车厢没有密闭，泥土一路撒漏，第二天路面全是泥巴，晴天尘土飞扬，雨天又湿又滑。有的车还严重超载，车速很快，非常危险。',
        '{road}一带的渣土车晚上经常闯红灯、超速行驶，轰鸣声吵得两边居民无法入睡。前段时间{street}还发生了渣土车撞倒电动车的事故，希望交警和城管部门联合整治。',
        '{street}附近几个工地的渣土车进出{road}没有冲洗车轮，路面被压得坑坑洼洼，井盖也被压坏了好几个。请问这些渣土车有没有办理运输许可？行驶路线是否经过审批？',
      ],
    },
    {
      key: 'rural-bus', sourceCategory: '农村客运', site: 'community',
      titles: ['{district}{street}农村客运班车停运', '{community}村民出行难', '恳请恢复{street}至城区的客运班线'],
      bodies: [
        '{district}{street}{community}距离城区三十多公里，原来每天有四趟客运班车，今年开始只剩早晚两趟，有时候还不按时发车。村里老人看病、学生上学都很不方便，只能坐非法营运的面包车。',
        '{street}到城区的客运班线停运已经两个月了，运输公司说线路亏损不开了。我们{community}的村民去镇上赶集、去城里办事都没有车坐，希望交通部门协调恢复班线。',
        '{community}通往镇上的乡村公路已经修好，但一直没有开通公交。村里很多年轻人外出务工，留在家里的老人买药看病只能走路或者搭摩托车，恳请开通城乡公交。',
      ],
    },
  ],
  教育文体: [
    {
      key: 'forced-internship', sourceCategory: '职业教育', site: 'college',
      titles: ['{college}强制学生实习', '反映{college}安排学生到工厂顶岗实习', '{college}实习与专业不对口'],
      bodies: [
        '我的孩子在{college}读二年级，学校要求全体学生到外省的电子厂实习半年，每天上班十二个小时，实习内容和所学的专业毫无关系。学校说不去实习就拿不到毕业证，请问这样合理吗？',
        '{college}以顶岗实习的名义把学生送到{brand}电子厂的流水线上做普工，学生每月实际拿到手的工资只有一千多元，中介和学校还要抽取管理费。家长们很担心孩子的安全和权益。',
        '{district}{college}今年又安排学生去外地工厂实习，学生不愿意去，班主任就说会影响毕业。我想问教育部门，职业学校的实习到底有什么规定？学校能不能强制学生参加？',
      ],
    },
    {
      key: 'school-places', sourceCategory: '义务教育', site: 'estate',
      titles: ['{estate}孩子入学难', '{district}{school}学位不足', '{estate}适龄儿童上学被分流'],
      bodies: [
        '{district}{estate}有三千多户业主，购房时开发商宣传小区对口{school}，今年孩子报名时却被告知学位已满，要分流到五公里以外的学校。附近几个新小区都是同样的情况，学位缺口非常大。',
        '我们是{estate}的业主，孩子今年上小学。小区对口的{school}今年只招四个班，报名的孩子却有三百多个，很多业主的孩子被分流到离家很远的学校，每天上学要穿过一条主干道。',
        '{street}近几年新建了很多楼盘，但只有{school}一所公办学校，每个班都超过六十人。恳请教育部门加快新建学校的进度，解决片区学位不足的问题。',
      ],
    },
    {
      key: 'kindergarten-fees', sourceCategory: '学前教育', site: 'estate',
      titles: ['{estate}配套幼儿园乱收费', '{district}普惠性幼儿园收费过高', '反映{estate}幼儿园变相收取赞助费'],
      bodies: [
        '{estate}的配套幼儿园去年转为普惠性幼儿园，但收费一点没降，每学期除了保教费，还要交兴趣班费、空调费、资料费，加起来一学期要八千多元。请问普惠园的收费标准是怎么规定的？',
        '{district}{estate}的幼儿园新学期报名时要求家长交五千元“建园费”，说不交就不保证入园名额。这种变相收取赞助费的行为是否合规？希望教育和物价部门查处。',
        '孩子所在的{street}某民办幼儿园开学前突然宣布每月保教费上涨八百元，没有任何听证和公示，家长不同意就让转园。附近又没有别的幼儿园可选，家长们非常无奈。',
      ],
    },
    {
      key: 'paid-tutoring', sourceCategory: '师德师风', site: 'school',
      titles: ['{school}老师有偿补课', '举报{district}{school}教师办补习班', '{school}周末组织学生补课'],
      bodies: [
        '{district}{school}初二年级有几位老师在校外租房办补习班，课堂上不讲重点，暗示学生去他们的补习班。一个学期补课费要三千多元，不去上的学生成绩排名就受影响，家长们敢怒不敢言。',
        '{school}高三年级每周六、周日都组织学生到校补课，每个学生收取补课费，还要求家长签“自愿补课”同意书。学生一个月只能休息一天，身体和精神压力都很大。',
        '{school}的班主任寒暑假在家里给本班学生开补习班，按小时收费，家长都怕孩子被穿小鞋，不敢不去。请教育局严查在职教师有偿补课问题。',
      ],
    },
    {
      key: 'sports-venues', sourceCategory: '文体设施', site: 'community',
      titles: ['{district}体育中心不对市民开放', '{district}公共体育场馆收费过高', '建议{district}体育中心免费或低收费开放'],
      bodies: [
        '{district}体育中心建成以后一直不对市民开放，羽毛球馆、游泳馆都被承包给私人经营，收费很高，普通市民根本去不起。公共体育设施是用财政资金建的，应该免费或者低收费向群众开放。',
        '{district}体育中心的游泳馆和羽毛球馆一直由私人承包经营，一小时场地费要八十元，普通市民根本消费不起。公共体育设施应当体现公益性，希望体育部门收回管理或者规范收费。',
        '{street}附近只有{district}体育中心一个健身场所，可是大门平时锁着，只在举办比赛时开放。居民晚上只能在马路边锻炼，希望体育中心延长开放时间，向市民免费或低收费开放。',
      ],
    },
    {
      key: 'training-agency', sourceCategory: '校外培训', site: 'road',
      titles: ['{brand}培训机构卷款跑路', '{district}{brand}培训机构关门不退费', '反映{brand}教育停课不退学费'],
      bodies: [
        '我在{district}{brand}教育为孩子报了两年的英语课程，一次性交了一万二千元。上周培训机构突然关门，老师都说被拖欠了工资，负责人电话打不通。像我们这样的家长有两百多位，涉及金额上百万元。',
        '{brand}教育在{road}的校区上个月停课，说是要搬迁装修，到现在也没有复课，也不给退费。家长们去{street}和教育局反映，都说要先走法律程序。',
        '{district}{brand}教育以优惠为由诱导家长预交三年学费，现在门店人去楼空。希望相关部门加强对校外培训机构预收费的监管，帮我们追回学费。',
      ],
    },
  ],
  劳动和社会保障: [
    {
      key: 'wage-arrears', sourceCategory: '工资福利', site: 'estate',
      titles: ['{brand}建设公司拖欠农民工工资', '{district}{estate}工地拖欠工资讨薪无门', '恳请帮助讨回被{brand}建设公司拖欠的工资'],
      bodies: [
        '我们是在{district}{brand}建设公司承建的{estate}项目上干活的农民工，共有三十多人，从去年八月到现在的工资一直没有结清，总共拖欠四十多万元。包工头说开发商没给钱，开发商说钱已经拨给了总包，我们不知道该找谁。',
        '我在{brand}建设公司的{estate}工地上做了半年钢筋工，老板一直说年底统一结算，现在快过年了人却找不到了。家里老人要看病，孩子要交学费，恳请劳动监察部门帮我们讨回血汗钱。',
        '{brand}建设公司拖欠我们{estate}工地上几十名工人五个月的工资，我们多次到公司讨要，对方不是推脱就是避而不见。听说{street}劳动保障站可以协调，但去了几次都说要等调查。',
      ],
    },
    {
      key: 'social-insurance-transfer', sourceCategory: '社会保险', site: 'community',
      titles: ['社保转移接续办理难', '{district}社保关系转移一直办不下来', '咨询外省养老保险转入A市的问题'],
      bodies: [
        '我之前在外省工作了八年，去年回到A市{district}工作，想把养老保险关系转过来。按照流程在网上提交了申请，三个月过去了还显示审核中，打电话咨询社保窗口一直占线。',
        '我在外地缴纳了十年社保，今年到{district}一家企业上班，申请把养老保险转到A市。转出地说已经发出联系函，转入地说没有收到，两边互相推诿，一拖就是半年。',
        '我的医保和养老保险需要从外地转入A市，跑了{district}社保中心三次，每次都说材料不全，但一次性也不告诉我到底缺什么。希望社保部门简化转移接续流程，实现网上一次办结。',
      ],
    },
    {
      key: 'no-contract', sourceCategory: '劳动关系', site: 'road',
      titles: ['{brand}公司不签劳动合同不缴社保', '举报{district}{brand}公司未给员工缴纳社保', '{brand}公司拒签劳动合同'],
      bodies: [
        '我在{district}{brand}公司上班一年多，公司一直不和员工签订劳动合同，也不缴纳社会保险，说是工资里已经包含了社保补贴。公司几十名员工都是这种情况，一旦出事连工伤都没法认定。',
        '{brand}公司以试用期为由，半年都不给员工缴社保，试用期满后又找理由辞退，再招新人进来。请问劳动部门，这种做法合法吗？我们应该怎样维护自己的权益？',
        '{brand}公司招工时承诺缴纳五险一金，入职半年多了既没签劳动合同也没缴社保，员工一提这事就说“不想干可以走”。希望劳动监察部门检查这家公司的用工情况。',
      ],
    },
    {
      key: 'pension', sourceCategory: '养老保险', site: 'community',
      titles: ['咨询退休养老金计算问题', '{district}养老金待遇核算有误', '反映退休养老金核定偏低'],
      bodies: [
        '我今年刚办理退休手续，核定的养老金比同年退休、缴费年限相同的同事低了五百多元。去{district}社保窗口咨询，工作人员解释不清楚计算依据。恳请社保部门重新核算并给予书面答复。',
        '我是{district}{community}的居民，上个月刚办完退休，养老金核定下来只有两千多元，和我缴费二十八年的情况明显不符。社保窗口说是系统算的，希望社保部门把计算明细告诉我。',
        '我在{brand}机械厂工作了三十年，今年退休时养老金核定偏低，查询后发现有几年的缴费记录没有计入。到{district}社保中心反映，让我回原单位开证明，可原单位已经改制。恳请重新核算。',
      ],
    },
    {
      key: 'work-injury', sourceCategory: '工伤保险', site: 'road',
      titles: ['{brand}公司工伤认定难', '恳请帮助认定工伤', '{district}{brand}公司工伤赔偿迟迟不落实'],
      bodies: [
        '我丈夫在{district}{brand}公司的车间操作机器时右手被压伤，住院两个多月，花了六万多元医疗费。公司只支付了一小部分，说他没有按操作规程作业，不配合申请工伤认定。',
        '我在{brand}建设公司的工地上从脚手架上摔下来导致腰椎骨折，公司没有给我买工伤保险，受伤后老板只给了五千元就不管了。请问我能不能自己申请工伤认定？需要准备哪些材料？',
        '我的工伤认定结论下来已经半年，劳动能力鉴定为九级伤残，但{brand}公司一直拖着不支付一次性伤残补助金。去劳动仲裁又要排很久的队，希望劳动部门督促公司履行。',
      ],
    },
    {
      key: 'unlawful-dismissal', sourceCategory: '劳动关系', site: 'road',
      titles: ['{brand}公司违法辞退员工', '{district}{brand}公司辞退员工不给经济补偿', '反映{brand}公司强迫员工自动离职'],
      bodies: [
        '我在{district}{brand}公司工作了六年，上个月公司以经营困难为由突然通知我不用来上班了，没有提前三十天通知，也不支付经济补偿金，只让我签一份自愿离职申请。',
        '{brand}公司近期大规模裁员，采用调岗、降薪的方式逼员工主动辞职，不签字就停发工资。我们十几名老员工工作都在五年以上，希望劳动部门依法维护我们的合法权益。',
        '我在{brand}公司怀孕期间被公司以岗位调整为由辞退，公司拒绝支付任何补偿。女职工在孕期受法律保护，公司的做法是否违法？请相关部门调查处理。',
      ],
    },
  ],
  商贸旅游: [
    {
      key: 'expired-food', sourceCategory: '食品安全', site: 'shop',
      titles: ['{shop}售卖过期食品', '举报{district}{shop}销售过期商品', '{shop}过期食品还在卖'],
      bodies: [
        '我昨天在{district}{road}的{shop}买了两盒牛奶，回家后发现已经过期一个星期了。回去找超市，店员态度很差，只同意退货不愿赔偿。这家超市货架上还有不少临期和过期食品在卖。',
        '{shop}生鲜区把前几天卖剩的肉重新切分包装，贴上新的生产日期标签继续出售。我亲眼看到员工在仓库里换标签，希望市场监管部门突击检查，保障食品安全。',
        '{street}的{shop}长期销售过期的零食和饮料，小区里很多孩子放学都去那里买东西。我已经买到过两次过期面包，请市场监管部门依法查处。',
      ],
    },
    {
      key: 'scenic-fees', sourceCategory: '旅游市场', site: 'scenic',
      titles: ['{scenic}强制消费', '投诉{scenic}景区内乱收费', '{scenic}景区二次收费'],
      bodies: [
        '国庆期间带家人去{scenic}游玩，门票一百二十元，进去以后发现很多景点还要另外买票，观光车、索道都是强制捆绑销售。景区内的餐饮价格也高得离谱，一碗面要五十元。',
        '{scenic}的门票已经包含了主要景点，可进去以后每个景点门口又设了收费点，观光车、索道也都强制捆绑销售，不买就不让进。景区停车场一天收费六十元，也没有收费公示。',
        '上周末带老人孩子去{scenic}，买了门票进去后，发现里面的小景点要二次收费，餐饮价格也高得离谱。作为本地居民，觉得这种做法严重影响了A市旅游的形象。',
      ],
    },
    {
      key: 'prepaid-card', sourceCategory: '消费维权', site: 'road',
      titles: ['{brand}健身房关门不退会员费', '{district}{brand}健身房老板跑路', '{brand}健身会所突然停业会员卡无法使用'],
      bodies: [
        '我去年在{district}{road}的{brand}健身房办了一张三年的会员卡，花了六千多元。上个月健身房突然贴出停业装修的通知，之后就再也没开门，老板电话也打不通，有三百多名会员的钱要不回来。',
        '{street}的{brand}健身房上周突然停业，门上只贴了一张“装修暂停营业”的通知，前台和教练都联系不上。很多会员刚续了年卡，私教课也没上完，希望有关部门帮助追回预付款。',
        '{brand}健身会所在{estate}附近开了两年，一直在推销充值卡和私教课，现在人去楼空。希望市场监管部门加强对预付式消费的监管，督促经营者退还余额。',
      ],
    },
    {
      key: 'market-scales', sourceCategory: '市场监管', site: 'market',
      titles: ['{market}商贩缺斤短两', '{district}{market}计量秤不准', '反映{market}短斤少两问题'],
      bodies: [
        '我在{district}{market}买了三斤排骨，回家用电子秤一称只有两斤四两。市场里好几个摊位都有这种问题，公平秤形同虚设，找市场管理方投诉也没有结果。',
        '{market}的摊贩普遍使用做过手脚的电子秤，买菜少秤是常事，老人们更是经常吃亏。希望市场监管部门定期抽查，对缺斤短两的商户严肃处理。',
        '{market}有几家卖水果和海鲜的摊位长期短斤少两，我买了两斤虾，到公平秤一称少了三两，摊主还不承认。市场管理处只让摊主补差价，没有任何处罚，希望市场监管部门加强计量检查。',
      ],
    },
    {
      key: 'tour-shopping', sourceCategory: '旅行社管理', site: 'road',
      titles: ['{brand}旅行社低价团强制购物', '投诉{brand}旅行社导游强迫购物', '{district}{brand}旅行社“零团费”诱导消费'],
      bodies: [
        '我报名参加了{brand}旅行社组织的“五日游”，团费只要九百九十九元，结果行程中导游每天带我们去三四个购物店，不买东西就冷嘲热讽，甚至不让上车。',
        '我参加了{district}{brand}旅行社的三日游，合同上写的是纯玩团，结果每天上午都被拉到玉器店、茶叶店购物，导游说完不成任务就要加收费用。希望旅游部门严肃查处。',
        '{brand}旅行社组织的老年团把行程中的景点换成了保健品讲座，老人们在导游劝说下花了几千元买所谓的保健品。希望旅游部门查处这种以旅游为幌子的欺诈行为。',
      ],
    },
    {
      key: 'price-fraud', sourceCategory: '价格监管', site: 'shop',
      titles: ['{shop}虚假促销', '{district}{shop}先涨价后打折', '投诉{shop}标价与结算价不符'],
      bodies: [
        '{district}{shop}打出“全场五折”的广告，我仔细对比发现，很多商品是先把价格调高一倍再打折，实际价格比平时还贵。这种先涨后降的虚假促销行为，应该受到处罚。',
        '我在{shop}买东西，货架上标价十九元九角，结账时却按二十九元九角收费。找收银员理论，对方说是价签没有及时更换。这已经不是第一次了，希望市场监管部门查处。',
        '{street}的{shop}宣传“买一送一”“满减优惠”，到了收银台却说活动商品已售完，或者赠品需要另外付款。这样的虚假宣传误导消费者，恳请相关部门依法处理。',
      ],
    },
  ],
  卫生计生: [
    {
      key: 'hospital-overcharge', sourceCategory: '医疗收费', site: 'hospital',
      titles: ['{hospital}乱收费', '{hospital}住院费用清单有问题', '反映{district}{hospital}重复收费'],
      bodies: [
        '我母亲在{hospital}住院十天，出院结算时发现费用清单里有多项没有做过的检查和没有使用过的药品，一天的护理费也远超标准。向医院收费处询问，工作人员推说是系统自动生成的。',
        '我父亲在{hospital}做了一次手术，出院后仔细核对费用清单，发现同一项检查收了两次费，有的耗材数量明显多记。向医院反映后只退了一小部分，希望卫生健康部门检查这家医院的收费。',
        '{district}{hospital}的住院费用清单只给一个总数，患者要求打印明细却被拒绝。请卫生健康部门检查医院的收费行为，让患者明明白白消费。',
      ],
    },
    {
      key: 'birth-registration', sourceCategory: '计划生育', site: 'community',
      titles: ['生育登记办理难', '{district}办理生育登记要求材料太多', '咨询外地户口在{district}办理生育登记的问题'],
      bodies: [
        '我和爱人都是外地户口，在A市{district}工作多年，想在这边办理生育登记。{community}要求我们回户籍地开具婚育证明，来回一趟要请好几天假，能不能通过网上核验？',
        '我们在{district}{street}办理生育登记时，工作人员要求提供双方父母的户口本和单位证明，这些材料跟生育登记有什么关系？请明确一下需要提交的材料清单。',
        '我们在{community}办理生育登记，前后跑了四趟，每次都被告知还缺一样证明，工作人员也不一次性讲清楚。现在不是说生育登记可以网上办吗？为什么还要我们来回跑？',
      ],
    },
    {
      key: 'community-clinic', sourceCategory: '基层医疗', site: 'community',
      titles: ['{community}卫生服务站缺医少药', '{district}{street}社区卫生服务站医生经常不在岗', '反映{community}看病难'],
      bodies: [
        '{district}{street}{community}的社区卫生服务站只有一名医生，经常不在岗，常用的降压药、降糖药也经常断货。附近老年人多，看个小病都要跑到几公里外的大医院。',
        '{community}卫生服务站的医生经常不在岗，居民去看病经常吃闭门羹。服务站的药品种类也很少，老人常用的慢性病药要跑到几公里外的医院才能开到。',
        '我们{community}有三千多居民，社区卫生服务站只有一名医生和一名护士，每天排队看病的人很多，基本药物经常缺货。希望卫生部门充实基层医疗力量，解决群众看病难。',
      ],
    },
    {
      key: 'unlicensed-clinic', sourceCategory: '非法行医', site: 'road',
      titles: ['{road}黑诊所无证行医', '举报{district}{road}一诊所非法行医', '{road}有人无证行医'],
      bodies: [
        '{district}{road}一间门面里有人挂着“祖传秘方”的招牌给人看病，输液、打针都在这里做，没有任何行医资质。前段时间有位老人在这里输液后出现不良反应被送往医院抢救。',
        '{road}上有一家挂着“中医理疗”牌子的小诊所，没有医疗机构执业许可证，坐诊的人也没有医师资格，却在给病人打针输液、开处方药。前几天有人输液后出现过敏反应，希望卫生监督部门尽快查处。',
        '{district}{road}一间门面里有人无证行医，平时给附近老人打针输液，器械消毒也不规范，出了事根本没人负责。请卫生监督部门依法检查并取缔。',
      ],
    },
    {
      key: 'vaccination', sourceCategory: '预防接种', site: 'community',
      titles: ['{district}儿童疫苗接种难', '{street}疫苗接种预约难排队长', '建议增加{street}疫苗接种号源和门诊时间'],
      bodies: [
        '孩子该打疫苗了，{district}的几个接种点在小程序上都约不到号，一放号几分钟就被抢光。打电话到接种门诊，说只能每天早上去现场排队取号，家长上班根本没时间。',
        '{street}社区卫生服务中心的接种门诊每周只开放两个上午，每次都有上百个家长带孩子排队，最长要等三个多小时。希望增加接种门诊的开放时间，或者增设接种点。',
        '{community}附近的接种点每次放号都是几分钟就约满，孩子的第二针已经推迟了一个多月。请问能不能增加接种号源，或者开放其他社区的接种点给我们预约？',
      ],
    },
    {
      key: 'family-planning-subsidy', sourceCategory: '计划生育', site: 'community',
      titles: ['独生子女父母奖励扶助金未发放', '咨询{district}计划生育奖励扶助金发放问题', '反映{street}奖励扶助金迟迟不发'],
      bodies: [
        '我和爱人都是{district}{community}的村民，属于农村独生子女家庭，按政策年满六十周岁后每年可以领取奖励扶助金。申请已经提交一年多了，一直没有发放，问了{street}计生专干说还在审核。',
        '我父母是{street}{community}的村民，只生育了我一个孩子，去年就满六十周岁了，按规定每年应该领取奖励扶助金，可到现在一分钱也没有领到。村里说名单报上去了，镇里说还在审核。',
        '我是{district}的独生子女父亲，今年年满六十岁，按政策申请了计划生育奖励扶助金。资料交上去大半年了，{street}一直没有答复，请问审核需要多长时间？什么时候能发放？',
      ],
    },
  ],
};

export const PROBLEM_TEMPLATES: readonly ProblemTemplate[] = CATEGORIES.flatMap((category) =>
  TEMPLATE_SPECS[category].map((spec) => ({ ...spec, category })),
);

export function templatesOf(category: Category): readonly ProblemTemplate[] {
  return PROBLEM_TEMPLATES.filter((t) => t.category === category);
}
