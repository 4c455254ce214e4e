import type { LabelledExample } from '../../src/classify/labelled-file.ts';

/** Nine short, clearly separable examples of three categories. */
export const SEPARABLE: LabelledExample[] = [
  ['工厂排放废气污染空气', '环境保护'],
  ['河道污水排放严重污染', '环境保护'],
  ['化工厂偷排废水污染环境', '环境保护'],
  ['学校乱收补课费', '教育文体'],
  ['幼儿园学位不足孩子入学难', '教育文体'],
  ['中学教师有偿补课', '教育文体'],
  ['公交车线路停运乘客出行难', '交通运输'],
  ['出租车拒载乘客', '交通运输'],
  ['公交站台设置不合理', '交通运输'],
].map(([text, label]) => ({ text: text!, label: label! }));
