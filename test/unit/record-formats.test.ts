import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { describeError, parseLocalTime, toDemandInput, type RawMeta } from '../../src/ingest/record-formats.ts';

describe('parseLocalTime', () => {
  it('reads China local time (UTC+8)', () => {
    expect(parseLocalTime('2020-01-06 12:09:38')?.toISOString()).toBe('2020-01-06T04:09:38.000Z');
  });

  it('accepts a T separator and a time without seconds', () => {
    expect(parseLocalTime('2020-01-06T12:09:38')?.toISOString()).toBe('2020-01-06T04:09:38.000Z');
    expect(parseLocalTime('2020-01-06 12:09')?.toISOString()).toBe('2020-01-06T04:09:00.000Z');
  });

  it('reads a date alone as local midnight', () => {
    expect(parseLocalTime('2020-01-06')?.toISOString()).toBe('2020-01-05T16:00:00.000Z');
  });

  it('keeps an early-morning local time on its local day (previous UTC day)', () => {
    expect(parseLocalTime('2020-01-06 03:00:00')?.toISOString()).toBe('2020-01-05T19:00:00.000Z');
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseLocalTime('2020-02-29 10:00:00')?.toISOString()).toBe('2020-02-29T02:00:00.000Z');
  });

  it.each(['2020-02-30 10:00:00', '2021-02-29 10:00:00', '2021-13-01 10:00:00', '2021-04-31 00:00:00', '2021-00-10 10:00:00', 'yesterday', ''])(
    'rejects %j',
    (value) => {
      expect(parseLocalTime(value)).toBeUndefined();
    },
  );
});

const meta: RawMeta = { source: 'messages-2020', channel: 'message-board', receivedAt: new Date('2024-05-01T00:00:00Z') };

function captured(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('toDemandInput demand-v1', () => {
  const demand = {
    source: 'hotline-12345',
    sourceRef: 'GD-2024-0001',
    channel: 'hotline',
    title: '路灯不亮',
    content: '小区门口路灯坏了三天',
    district: '岳麓区',
    occurredAt: '2024-04-30T08:00:00+08:00',
  };

  it('parses the canonical shape', () => {
    const input = toDemandInput('demand-v1', JSON.stringify(demand), meta);
    expect(input.sourceRef).toBe('GD-2024-0001');
    expect(input.channel).toBe('hotline');
    expect(input.district).toBe('岳麓区');
    expect(input.occurredAt).toBeInstanceOf(Date);
    expect(input.occurredAt.toISOString()).toBe('2024-04-30T00:00:00.000Z');
  });

  it('rejects unknown keys', () => {
    const error = captured(() => toDemandInput('demand-v1', JSON.stringify({ ...demand, views: 3 }), meta));
    expect(error).toBeInstanceOf(ZodError);
    expect(describeError(error)).toContain('views');
  });
});

describe('toDemandInput message-v1', () => {
  const line = { id: 7, user: 'user-42', title: '噪音扰民', content: '夜间施工噪音很大', time: '2020-01-06 12:09:38' };

  it('maps the shared messages format to a demand', () => {
    const input = toDemandInput('message-v1', JSON.stringify(line), meta);
    expect(input).toEqual({
      source: 'messages-2020',
      sourceRef: '7',
      channel: 'message-board',
      title: '噪音扰民',
      content: '夜间施工噪音很大',
      reporterRef: 'user-42',
      occurredAt: new Date('2020-01-06T04:09:38.000Z'),
    });
  });

  it('turns a numeric id into a string sourceRef', () => {
    expect(toDemandInput('message-v1', JSON.stringify({ ...line, id: 123456 }), meta).sourceRef).toBe('123456');
  });

  it('ignores extra fields and keeps likes', () => {
    const input = toDemandInput('message-v1', JSON.stringify({ ...line, views: 9, likes: 3 }), meta);
    expect(input.likes).toBe(3);
    expect(input).not.toHaveProperty('views');
  });

  it('falls back to the import channel for an unknown channel', () => {
    expect(toDemandInput('message-v1', JSON.stringify(line), { ...meta, channel: 'fax' }).channel).toBe('import');
    expect(toDemandInput('message-v1', JSON.stringify(line), { ...meta, channel: null }).channel).toBe('import');
  });

  it('dates a line without a time by its arrival', () => {
    const { time: _time, ...noTime } = line;
    expect(toDemandInput('message-v1', JSON.stringify(noTime), meta).occurredAt).toEqual(meta.receivedAt);
    expect(toDemandInput('message-v1', JSON.stringify({ ...line, time: null }), meta).occurredAt).toEqual(meta.receivedAt);
  });

  it('rejects an impossible time, naming occurredAt', () => {
    const error = captured(() => toDemandInput('message-v1', JSON.stringify({ ...line, time: '2020-02-30 10:00:00' }), meta));
    expect(error).toBeInstanceOf(ZodError);
    expect(describeError(error)).toMatch(/^occurredAt: /);
  });

  it('rejects a malformed time, naming time', () => {
    const error = captured(() => toDemandInput('message-v1', JSON.stringify({ ...line, time: '06/01/2020' }), meta));
    expect(describeError(error)).toBe('time: time must look like YYYY-MM-DD HH:MM:SS');
  });

  it('rejects empty content, naming content', () => {
    const error = captured(() => toDemandInput('message-v1', JSON.stringify({ ...line, content: '   ' }), meta));
    expect(describeError(error)).toBe('content: content must not be empty');
  });
});

describe('toDemandInput errors', () => {
  it('reports invalid JSON', () => {
    const error = captured(() => toDemandInput('demand-v1', '{bad', meta));
    expect(error).toBeInstanceOf(SyntaxError);
    expect(describeError(error)).toMatch(/^invalid JSON: /);
  });

  it('rejects an unknown format', () => {
    expect(() => toDemandInput('csv-v9', '{}', meta)).toThrow('unknown record format "csv-v9"');
  });

  it('describes every problem, joined by semicolons', () => {
    const error = captured(() => toDemandInput('demand-v1', JSON.stringify({ source: 's', sourceRef: 'r', channel: 'fax', content: '' }), meta));
    const text = describeError(error);
    expect(text.split('; ').map((part) => part.split(':')[0])).toEqual(expect.arrayContaining(['channel', 'content', 'occurredAt']));
  });

  it('describes non-Zod errors by their message', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError('plain')).toBe('plain');
  });
});
