import { describe, expect, it } from 'vitest';
import { containsPersonalNumber, hashPersonal, maskIdNumber, maskName, maskPhone, maskText } from '../../src/privacy/mask.ts';

describe('maskPhone', () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('ignores separators', () => {
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
    expect(maskPhone('138 1234 5678')).toBe('138****5678');
  });

  it('masks a landline with its area code', () => {
    expect(maskPhone('0731-84512345')).toBe('073*****2345');
  });

  it('masks short numbers completely', () => {
    expect(maskPhone('12345')).toBe('*****');
  });
});

describe('maskName', () => {
  it('keeps only the first character', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('Zhang San')).toBe('Z********');
  });

  it('never shows a one-character name in full', () => {
    expect(maskName('李')).toBe('李*');
  });

  it('returns an empty string for a blank name', () => {
    expect(maskName('   ')).toBe('');
  });
});

describe('maskIdNumber', () => {
  it('keeps the first three and last two characters of an ID number', () => {
    expect(maskIdNumber('43010219900307123X')).toBe(`430${'*'.repeat(13)}3X`);
  });

  it('masks very short values completely', () => {
    expect(maskIdNumber('1234')).toBe('****');
  });
});

describe('maskText', () => {
  const cases: Array<[string, string, string]> = [
    ['a mobile number', '请联系13812345678尽快处理', '13812345678'],
    ['a mobile number with +86', '电话+8613812345678', '13812345678'],
    ['a mobile number with +86 and spaces', '电话 +86 138 1234 5678 谢谢', '1234 5678'],
    ['a mobile number with dashes', '电话138-1234-5678', '1234-5678'],
    ['a landline with area code', '办公室电话0731-84512345', '84512345'],
    ['a landline without separator', '办公室电话073184512345', '84512345'],
    ['an ID number with an X check digit', '身份证号43010219900307123X', '0219900307'],
    ['an ID number with a lower-case x', '身份证号43010219900307123x', '0219900307'],
    ['a long digit run (bank card)', '卡号6222021234567890123', '6222021234567890123'],
  ];

  it.each(cases)('masks %s', (_label, text, secret) => {
    const masked = maskText(text);
    expect(masked).not.toContain(secret);
    expect(masked).toContain('*');
    expect(containsPersonalNumber(masked)).toBe(false);
  });

  it('masks a mobile number in place, keeping the surrounding text', () => {
    expect(maskText('请联系13812345678尽快处理')).toBe('请联系138****5678尽快处理');
    expect(maskText('身份证43010219900307123X。')).toBe(`身份证430${'*'.repeat(13)}3X。`);
    expect(maskText('卡号6222021234567890123')).toBe(`卡号${'*'.repeat(19)}`);
  });

  it.each([
    ['我叫张三丰，住在A2区', '我叫张**，住在A2区'],
    ['联系人：李四 电话13812345678', '联系人：李* 电话138****5678'],
    ['姓名:欧阳娜娜。', '姓名:欧***。'],
    ['本人姓名王小明电话见附件', '本人姓名王**电话见附件'],
    ['反映人：阿依·木拉提', '反映人：阿*****'],
    ['投诉人：欧阳倩广投诉电话：见附件', '投诉人：欧***投诉电话：见附件'],
    ['报告人：邓云中时间：2019年6月13日', '报告人：邓**时间：2019年6月13日'],
    ['联系人:谈俊(业委会主任)', '联系人:谈*(业委会主任)'],
    ['报告人：李翠三、王芬，2019年', '报告人：李**、王*，2019年'],
    ['我叫陈福如，男，1957年出生；联系人：王芳', '我叫陈**，男，1957年出生；联系人：王*'],
  ])('masks the name given after a marker: %s', (text, masked) => {
    expect(maskText(text)).toBe(masked);
  });

  it('leaves text without a name marker alone', () => {
    for (const text of ['我是A市A3区居民，小区路灯不亮', '本人于2019年购房', '联系电话见附件', '王府井小区门口积水', '我叫停车，让孩子上车', '投诉人：银杏嘉园小区9栋全体业主', '报告人:49栋全体业主', '应当向当事人或者有关人员出示证件']) expect(maskText(text)).toBe(text);
  });

  it('masks a landline written with the area code in parentheses', () => {
    expect(maskText('联系电话(0731)84512345')).not.toContain('84512345');
  });

  it('masks several numbers in one text', () => {
    const masked = maskText('手机13812345678，座机0731-84512345，身份证43010219900307123X');
    expect(masked).toBe(`手机138****5678，座机073*****2345，身份证430${'*'.repeat(13)}3X`);
  });

  const untouched = [
    '2020-01-06',
    '2020-01-06 12:09:38',
    '2020年1月6日反映的问题',
    '价格1299.00元，押金¥35,000',
    '编号12345，房号1502',
    '2021年至2023年',
    '20200106',
    '3栋2单元1201室',
  ];

  it.each(untouched)('leaves %j unchanged', (text) => {
    expect(maskText(text)).toBe(text);
    expect(containsPersonalNumber(text)).toBe(false);
  });
});

describe('containsPersonalNumber', () => {
  it('detects phones, ID numbers and long digit runs', () => {
    expect(containsPersonalNumber('电话13812345678')).toBe(true);
    expect(containsPersonalNumber('座机0731-84512345')).toBe(true);
    expect(containsPersonalNumber('身份证43010219900307123X')).toBe(true);
    expect(containsPersonalNumber('账号123456789012')).toBe(true);
  });

  it('gives the same answer when called repeatedly (global regex state)', () => {
    const text = '电话13812345678';
    expect([1, 2, 3].map(() => containsPersonalNumber(text))).toEqual([true, true, true]);
  });
});

describe('hashPersonal', () => {
  const salt = 'a-test-salt-of-16+chars';

  it('is stable for the same input', () => {
    const h = hashPersonal(salt, 'phone', '13812345678');
    expect(h).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashPersonal(salt, 'phone', '13812345678')).toBe(h);
  });

  it('depends on the salt and the kind', () => {
    const h = hashPersonal(salt, 'phone', '13812345678');
    expect(hashPersonal('another-salt-value!!', 'phone', '13812345678')).not.toBe(h);
    expect(hashPersonal(salt, 'reporter', '13812345678')).not.toBe(h);
  });

  it('differs for different values', () => {
    expect(hashPersonal(salt, 'phone', '13812345678')).not.toBe(hashPersonal(salt, 'phone', '13812345679'));
  });

  it('ignores whitespace and case', () => {
    expect(hashPersonal(salt, 'phone', ' 138 1234\t5678 ')).toBe(hashPersonal(salt, 'phone', '13812345678'));
    expect(hashPersonal(salt, 'id', '43010219900307123x')).toBe(hashPersonal(salt, 'id', '43010219900307123X'));
  });

  it('returns undefined for a missing or blank value', () => {
    expect(hashPersonal(salt, 'phone', undefined)).toBeUndefined();
    expect(hashPersonal(salt, 'phone', '')).toBeUndefined();
    expect(hashPersonal(salt, 'phone', '  \t ')).toBeUndefined();
  });
});
