import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { parseOpinion } from '../../connectors/cppcc/opinion.ts';
import { opinionOf } from '../../connectors/cppcc/simulator.ts';
import { letterSchema, parseLetter } from '../../connectors/mailbox/letter.ts';
import { replyStatusOf } from '../../connectors/mailbox/reply-status.ts';
import type { SampleMessage } from '../../connectors/mailbox/sample-messages.ts';
import { letterOf } from '../../connectors/mailbox/simulator.ts';
import { parsePost } from '../../connectors/message-board/post.ts';
import { boardReplySchema, boardReplyStatus } from '../../connectors/message-board/reply-status.ts';
import { postOf } from '../../connectors/message-board/simulator.ts';
import { rejectionBy } from '../../src/connectors/http-poller.ts';
import { demandInputSchema } from '../../src/ingest/demand-input.ts';

const RUNS = 2500;

/** Plausible upstream messages: unicode text, phone-like numbers, dates from 1985 to 2030 (some out of range). */
const message: fc.Arbitrary<SampleMessage> = fc.record({
  id: fc.oneof(fc.string({ minLength: 0, maxLength: 12 }), fc.nat().map(String)),
  title: fc.option(fc.string({ unit: 'grapheme', maxLength: 60 }), { nil: undefined }),
  content: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.constant('A3区幸福路路灯损坏，请尽快维修。电话13800138000')),
  name: fc.option(fc.constantFrom('张三', '李小红', ''), { nil: undefined }),
  phone: fc.option(fc.constantFrom('13800138000', '+86 139-0000-0000', '１３８００１３８０００'), { nil: undefined }),
  time: fc.date({ min: new Date('1985-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
  reply: fc.option(fc.record({ content: fc.string({ maxLength: 50 }), at: fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }) }), { nil: undefined }),
});

/** Valid-looking items, the same with fields replaced by arbitrary JSON or removed, and pure junk. */
function inputs(build: (m: SampleMessage, i: number) => Record<string, unknown>): fc.Arbitrary<unknown> {
  const item = fc.tuple(message, fc.nat(100)).map(([m, i]) => build(m, i));
  const keys = fc.constantFrom(...Object.keys(build({ id: '1', content: 'x', time: new Date() }, 0)));
  const damaged = fc.tuple(item, fc.dictionary(keys, fc.oneof(fc.jsonValue(), fc.constant(undefined)), { maxKeys: 3 })).map(([it, patch]) => ({ ...it, ...patch }));
  const junk = fc.oneof(fc.jsonValue(), fc.string(), fc.double(), fc.anything({ maxDepth: 4 }));
  // payloads are stored as JSON text, so every input goes through a JSON round trip
  return fc.oneof(item, damaged, junk).map((v) => JSON.parse(JSON.stringify(v) ?? 'null') as unknown);
}

const MAPPINGS = [
  { label: 'mailbox letter', source: 'mailbox', channel: 'mailbox', parse: parseLetter, build: letterOf },
  { label: 'message-board post', source: 'message-board', channel: 'message-board', parse: parsePost, build: postOf },
  { label: 'cppcc opinion', source: 'cppcc', channel: 'cppcc', parse: parseOpinion, build: opinionOf },
];

describe.each(MAPPINGS)('$label mapping under fuzzing', (m) => {
  it(`maps each of ${RUNS} inputs to a valid DemandInput or rejects it with a reason`, () => {
    const outcomes = { mapped: 0, rejected: 0 };
    const reasonOf = rejectionBy(m.parse);
    fc.assert(
      fc.property(inputs(m.build), (input) => {
        try {
          const demand = m.parse(input);
          expect(demandInputSchema.safeParse(demand).success).toBe(true);
          expect(demand).toMatchObject({ source: m.source, channel: m.channel });
          outcomes.mapped += 1;
        } catch (error) {
          expect(error).toBeInstanceOf(ZodError);
          if (typeof input === 'object' && input !== null && !Array.isArray(input)) expect(reasonOf(input as Record<string, unknown>)).toMatch(/\S+: \S/);
          outcomes.rejected += 1;
        }
      }),
      { numRuns: RUNS },
    );
    expect(outcomes.mapped).toBeGreaterThan(RUNS / 10);
    expect(outcomes.rejected).toBeGreaterThan(RUNS / 10);
  });
});

describe('reply → status mappings under fuzzing', () => {
  it('turns a letter reply or a board reply into a 已办结 status update, or rejects it with a ZodError', () => {
    const board = fc.oneof(
      fc.record({ replyId: fc.oneof(fc.string(), fc.nat()), postId: fc.string(), org: fc.string(), content: fc.string(), repliedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) }),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(fc.tuple(inputs(letterOf), board), ([letter, reply]) => {
        for (const map of [() => replyStatusOf(letterSchema.parse(letter)), () => boardReplyStatus(boardReplySchema.parse(reply))]) {
          try {
            const update = map();
            if (update) expect(update.status).toBe('已办结');
          } catch (error) {
            expect(error).toBeInstanceOf(ZodError);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
