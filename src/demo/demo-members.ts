/**
 * Fictional CPPCC members (政协委员) for demo installations. Together they cover every
 * demo district (A1区…A7区) and every first-level category.
 */
import type { Category } from './demo-vocabulary.ts';

/** Shared login password of all demo members. DEMO ONLY: never use it on a real installation. */
export const DEMO_PASSWORD = 'demo-1234';

export interface DemoMember {
  username: string;
  password: string;
  name: string;
  /** 界别 */
  sector: string;
  /** 专委会 */
  committee: string;
  regions: string[];
  topics: Category[];
  /** Maximum number of demands pushed to the member per day. */
  dailyLimit: number;
}

export function demoMembers(): DemoMember[] {
  const member = (m: Omit<DemoMember, 'password'>): DemoMember => ({ ...m, password: DEMO_PASSWORD });
  return [
    member({ username: 'wang.wei', name: '王伟', sector: '医药卫生界', committee: '教科卫体委员会', regions: ['A1区', 'A2区'], topics: ['卫生计生'], dailyLimit: 20 }),
    member({ username: 'li.na', name: '李娜', sector: '教育界', committee: '教科卫体委员会', regions: ['A3区', 'A4区'], topics: ['教育文体'], dailyLimit: 15 }),
    member({ username: 'zhang.min', name: '张敏', sector: '经济界', committee: '提案委员会', regions: ['A1区', 'A5区'], topics: ['商贸旅游', '城乡建设'], dailyLimit: 25 }),
    member({ username: 'liu.yang', name: '刘洋', sector: '农业界', committee: '人口资源环境委员会', regions: ['A6区', 'A7区'], topics: ['城乡建设', '交通运输', '环境保护'], dailyLimit: 20 }),
    member({ username: 'chen.jing', name: '陈静', sector: '社会福利和社会保障界', committee: '社会和法制委员会', regions: ['A2区', 'A3区', 'A7区'], topics: ['劳动和社会保障', '卫生计生'], dailyLimit: 30 }),
    member({ username: 'zhao.lei', name: '赵磊', sector: '环境资源界', committee: '人口资源环境委员会', regions: ['A4区', 'A5区', 'A6区'], topics: ['环境保护', '交通运输'], dailyLimit: 20 }),
  ];
}
