/**
 * Open311 GeoReport v2 services: our first-level categories (一级分类), one service each.
 * service_code is a stable ASCII code; service_name is the category as the classifier names it.
 */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: false;
  type: 'realtime';
  keywords: string;
  group: string;
}

const service = (service_code: string, service_name: string, description: string, keywords: string[], group: string): Open311Service => ({
  service_code,
  service_name,
  description,
  metadata: false,
  type: 'realtime',
  keywords: keywords.join(','),
  group,
});

export const OPEN311_SERVICES: readonly Open311Service[] = [
  service('cxjs', '城乡建设', '市政设施、道路照明、物业小区、房屋建设、城市管理等', ['路灯', '井盖', '物业', '违建', '供水', '供暖'], '城市管理'),
  service('hjbh', '环境保护', '噪音扰民、空气污染、水体污染、垃圾处理等', ['噪音', '油烟', '污水', '垃圾', '扬尘'], '城市管理'),
  service('jtys', '交通运输', '公交地铁、道路交通、停车、出租车等', ['公交', '停车', '拥堵', '出租车', '红绿灯'], '城市管理'),
  service('jywt', '教育文体', '学校教育、招生入学、文化体育设施等', ['学校', '入学', '培训', '体育场馆', '图书馆'], '民生服务'),
  service('ldshbz', '劳动和社会保障', '工资拖欠、社保医保、就业、养老等', ['欠薪', '社保', '医保', '就业', '养老金'], '民生服务'),
  service('smly', '商贸旅游', '消费维权、市场秩序、旅游服务等', ['消费', '退款', '市场', '景区', '商家'], '经济发展'),
  service('wsjs', '卫生计生', '医疗服务、公共卫生、食品药品安全等', ['医院', '看病', '疫苗', '食品安全', '药品'], '民生服务'),
];

export function serviceByCode(code: string): Open311Service | undefined {
  return OPEN311_SERVICES.find((s) => s.service_code === code);
}

export function serviceByName(name: string | null | undefined): Open311Service | undefined {
  return name ? OPEN311_SERVICES.find((s) => s.service_name === name || name.startsWith(`${s.service_name}/`)) : undefined;
}
