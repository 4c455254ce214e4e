import { describe, expect, it } from 'vitest';
import type { DemandInput } from '../../src/ingest/demand-input.ts';
import { buildDemand } from '../../src/pipeline/build-demand.ts';
import { hashPersonal } from '../../src/privacy/mask.ts';
import { textHash } from '../../src/text/normalise-text.ts';

const SALT = 'unit-test-salt-0123456789';
const PHONE = '13812345678';
const ID_NUMBER = '43010219900307123X';

const input: DemandInput = {
  source: 'hotline-12345',
  sourceRef: 'GD-1',
  channel: 'hotline',
  title: `回电${PHONE}`,
  content: `小区门口路灯坏了，请打${PHONE}联系我，身份证${ID_NUMBER}，座机0731-84512345`,
  reporterName: '张三丰',
  reporterPhone: PHONE,
  reporterIdNumber: ID_NUMBER,
  district: '岳麓区',
  address: `岳麓区某路1号（电话${PHONE}）`,
  occurredAt: new Date('2024-04-30T00:00:00Z'),
};

describe('buildDemand', () => {
  const demand = buildDemand(input, SALT);

  it('masks the reporter name and phone', () => {
    expect(demand.reporterMasked).toBe('张**');
    expect(demand.phoneMasked).toBe('138****5678');
  });

  it('masks the reporter name where the text itself names the reporter', () => {
    const named = buildDemand({ ...input, title: '张三丰反映路灯坏了', content: '来电人张三丰称小区门口路灯坏了，张三丰希望尽快修' }, SALT);
    expect(named.title).toBe('张**反映路灯坏了');
    expect(named.content).toBe('来电人张**称小区门口路灯坏了，张**希望尽快修');
    expect(named.textHash).not.toContain('张三丰');
  });

  it('hashes the phone and ID number with the salt', () => {
    expect(demand.phoneHash).toBe(hashPersonal(SALT, 'phone', PHONE));
    expect(demand.idNumberHash).toBe(hashPersonal(SALT, 'id', ID_NUMBER));
    expect(demand.reporterHash).toBe(hashPersonal(SALT, 'reporter', ID_NUMBER));
    expect(buildDemand(input, 'another-salt-9876543210').phoneHash).not.toBe(demand.phoneHash);
  });

  it('prefers the source account for the reporter hash', () => {
    expect(buildDemand({ ...input, reporterRef: 'user-42' }, SALT).reporterHash).toBe(hashPersonal(SALT, 'reporter', 'user-42'));
  });

  it('masks phone and ID numbers inside the title, content and address', () => {
    expect(demand.title).toBe('回电138****5678');
    expect(demand.content).toBe(`小区门口路灯坏了，请打138****5678联系我，身份证430${'*'.repeat(13)}3X，座机073*****2345`);
    expect(demand.address).toBe('岳麓区某路1号（电话138****5678）');
  });

  it('never leaves the clear phone or ID number anywhere in the result', () => {
    const json = JSON.stringify(demand);
    expect(json).not.toContain(PHONE);
    expect(json).not.toContain('84512345');
    expect(json).not.toContain(ID_NUMBER);
    expect(json).not.toContain('19900307');
    expect(json).not.toContain('三丰');
  });

  it('hashes the masked content for duplicate detection', () => {
    expect(demand.textHash).toBe(textHash(demand.content));
  });

  it('fills defaults for missing optional fields', () => {
    const minimal = buildDemand({ source: 's', sourceRef: 'r', channel: 'mailbox', content: '内容', occurredAt: input.occurredAt }, SALT);
    expect(minimal).toMatchObject({
      title: null,
      reporterMasked: null,
      reporterHash: null,
      phoneMasked: null,
      phoneHash: null,
      idNumberHash: null,
      district: null,
      address: null,
      likes: 0,
      dislikes: 0,
    });
  });

  it('does not leave a phone typed with full-width digits in clear', () => {
    const demandFw = buildDemand({ ...input, content: '请打１３８１２３４５６７８联系我' }, SALT);
    expect(JSON.stringify(demandFw).normalize('NFKC')).not.toContain(PHONE);
  });
});

describe('buildDemand region from text', () => {
  const bare = { source: 'mailbox', sourceRef: 'r1', channel: 'mailbox' as const, occurredAt: new Date('2026-11-20T00:00:00Z') };

  it('reads district, street and community from the text when the source gives none', () => {
    const d = buildDemand({ ...bare, content: '位于A市A2区桂花坪街道月塘社区的路灯坏了' }, SALT);
    expect(d).toMatchObject({ district: 'A2区', street: '桂花坪街道', community: '月塘社区' });
  });

  it('folds full-width names first', () => {
    expect(buildDemand({ ...bare, content: 'Ａ3区魅力之城小区油烟扰民' }, SALT).district).toBe('A3区');
  });

  it('does not take the bare prefecture city (A市) as a district', () => {
    expect(buildDemand({ ...bare, content: 'A市经济学院强制学生实习' }, SALT).district).toBeNull();
  });

  it('keeps the district the source gives, even when the text names another', () => {
    expect(buildDemand({ ...bare, district: 'A5区', content: 'A3区的亲戚来A5区办事' }, SALT).district).toBe('A5区');
  });
});
