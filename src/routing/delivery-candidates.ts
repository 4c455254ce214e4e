import { newIds } from '../db/new-ids.ts';
import { describeMatch } from './match-rules.ts';
import type { Explanation, Recipient } from './recipients.ts';
import type { MatchedRule } from './rule-schema.ts';

/** A ticket as delivery needs it: which one, how it ranks, and whether it is a 反弹. */
export interface DeliveryTicket {
  id: string;
  /** The version the items record as delivered. */
  version: number;
  hot: boolean;
  heat: number;
  rebound: boolean;
  reboundNote: string | null;
}

/**
 * The (ticket, member) pairs a delivery may insert, as parallel arrays for one statement: each
 * pair names its ticket, its member and its explanation by position (SQL arrays count from 1),
 * so each member id and each distinct explanation (`reasons`/`rules`) is sent once. An item id
 * is made for every pair (those not inserted are simply unused). A 反弹 ticket's explanations
 * lead with its note.
 */
export class DeliveryCandidates {
  readonly ticketOf: number[] = [];
  /** Each member once, in first-seen order; pairs name theirs by position (`memberOf`). */
  readonly members: string[] = [];
  readonly memberOf: number[] = [];
  readonly explanationOf: number[] = [];
  readonly reasons: string[] = [];
  readonly rules: string[] = [];
  private readonly memberPositions = new Map<string, number>();
  private readonly explanationPositions = new Map<Explanation | string, number>();

  constructor(private readonly ruleSetVersion: number) {}

  add(ticketPosition: number, ticket: DeliveryTicket, recipients: readonly Recipient[]): void {
    for (const r of recipients) {
      this.ticketOf.push(ticketPosition);
      this.memberOf.push(positionOf(this.memberPositions, r.memberId, () => this.members.push(r.memberId)));
      this.explanationOf.push(ticket.rebound ? this.reboundExplanation(r.explanation, ticket.reboundNote) : this.explanation(r.explanation));
    }
  }

  /** Item ids, one per pair. */
  itemIds(): string[] {
    return newIds(this.size);
  }

  get size(): number {
    return this.memberOf.length;
  }

  private explanation(e: Explanation): number {
    return positionOf(this.explanationPositions, e, () => this.pushExplanation(e.reason, e.rules));
  }

  private reboundExplanation(e: Explanation, note: string | null): number {
    return positionOf(this.explanationPositions, `${note ?? ''}\u0000${e.rules}`, () => {
      const matched: MatchedRule[] = [{ rule: 'rebound', detail: note ?? '反弹' }, ...(JSON.parse(e.rules) as MatchedRule[])];
      return this.pushExplanation(describeMatch(matched, this.ruleSetVersion), JSON.stringify(matched));
    });
  }

  private pushExplanation(reason: string, rules: string): number {
    this.rules.push(rules);
    return this.reasons.push(reason);
  }
}

/** The 1-based position of `key`, appended (by `append`, which returns the new length) when new. */
function positionOf<K>(positions: Map<K, number>, key: K, append: () => number): number {
  let n = positions.get(key);
  if (n === undefined) positions.set(key, (n = append()));
  return n;
}
