import { describe, expect, it } from 'vitest';
import { buildEvidence, chinaDate } from '../../src/drafts/draft-evidence.ts';
import { draftText } from '../../src/drafts/draft-template.ts';
import { redactPersonal } from '../../src/inbox/redact.ts';

const d = (id: string, channel: string, at: string, content: string) => ({ id, channel, occurredAt: new Date(at), title: null, content });

describe('redactPersonal', () => {
  it('removes clear and masked phone and ID numbers and masked names', () => {
    const text = redactPersonal('王**来电，电话13812345678，另一号码138****5678，身份证430102199001011234，430***********34，座机0731-88889999');
    expect(text).not.toMatch(/\d{7,}|\*|王/);
    expect(text).toContain('来电');
  });

  it('leaves ordinary text and short numbers alone', () => {
    expect(redactPersonal('A1区幸福路12号路灯坏了2周')).toBe('A1区幸福路12号路灯坏了2周');
  });
});

describe('draft evidence', () => {
  const demands = [
    d('1', 'hotline', '2026-11-10T01:00:00Z', '路灯坏了，电话13812345678'),
    d('2', 'hotline', '2026-11-10T17:00:00Z', '路灯还是坏的'),
    d('3', 'mailbox', '2026-11-12T02:00:00Z', '幸福路路灯损坏，张**反映'),
    ...Array.from({ length: 6 }, (_, i) => d(`h${i}`, 'hotline', `2026-11-13T0${i}:00:00Z`, `第${i}次反映路灯`)),
  ];

  it('counts demands per channel and per China day', () => {
    const e = buildEvidence(demands);
    expect(e.channels).toEqual([{ channel: 'hotline', count: 8 }, { channel: 'mailbox', count: 1 }]);
    // 2026-11-10T17:00Z is already the 11th in China
    expect(e.trend).toEqual([{ date: '2026-11-10', count: 1 }, { date: '2026-11-11', count: 1 }, { date: '2026-11-12', count: 1 }, { date: '2026-11-13', count: 6 }]);
    expect(chinaDate(new Date('2026-11-10T16:00:00Z'))).toBe('2026-11-11');
  });

  it('quotes at most five, every channel first, without personal data', () => {
    const e = buildEvidence(demands);
    expect(e.quotes).toHaveLength(5);
    expect(new Set(e.quotes.map((q) => q.channel))).toEqual(new Set(['hotline', 'mailbox']));
    expect(JSON.stringify(e.quotes)).not.toMatch(/13812345678|\*|张/);
  });

  it('prefills a proposal and a social report from the ticket', () => {
    const ticket = { title: '幸福路路灯损坏', summary: '路灯坏了，电话13812345678', category: '城乡建设', district: 'A1区', demandCount: 9, firstSeenAt: new Date('2026-11-10T01:00:00Z'), lastSeenAt: new Date('2026-11-13T05:00:00Z'), status: '办理中' };
    const e = buildEvidence(demands);
    const proposal = draftText('proposal', ticket, e);
    expect(proposal.title).toBe('关于幸福路路灯损坏的提案');
    expect(proposal.summary).not.toContain('13812345678');
    expect(proposal.body).toMatch(/案由[\s\S]*共收到诉求 9 件（12345热线 8 件、领导信箱 1 件）[\s\S]*建议/);
    const report = draftText('social-report', ticket, e);
    expect(report.title).toBe('幸福路路灯损坏（社情民意信息）');
    expect(report.body).toContain('群众反映');
  });
});

describe('reporter names written in the text', () => {
  it('are removed using the masked name (first character and length)', () => {
    expect(redactPersonal('来电人赵大宝反映路灯坏了，赵大宝希望尽快修', ['赵**'])).toBe('来电人［已隐去］反映路灯坏了，［已隐去］希望尽快修');
    expect(redactPersonal('王五反映', ['王*', null])).toBe('［已隐去］反映');
  });
});
