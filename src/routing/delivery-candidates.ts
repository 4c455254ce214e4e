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
  /** Each member once, in first-seen order; pairs name theirs by position (`memberOf`, from 1). */
  readonly members: string[] = [];
  readonly memberOf: number[] = [];
  private readonly memberIndex = new Map<string, number>();
  readonly explanationOf: number[] = [];
  readonly reasons: string[] = [];
  readonly rules: string[] = [];
  private readonly index = new Map<Explanation | string, number>();

  constructor(private readonly ruleSetVersion: number) {}

  add(ticketPosition: number, ticket: DeliveryTicket, recipients: readonly Recipient[]): void {
    for (const r of recipients) {
      this.ticketOf.push(ticketPosition);
      let m = this.memberIndex.get(r.memberId);
      if (m === undefined) {
        this.memberIndex.set(r.memberId, (m = this.members.length + 1));
        this.members.push(r.memberId);
      }
      this.memberOf.push(m);
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
    let n = this.index.get(e);
    if (n === undefined) {
      this.index.set(e, (n = this.reasons.length + 1));
      this.reasons.push(e.reason);
      this.rules.push(e.rules);
    }
    return n;
  }

  private reboundExplanation(e: Explanation, note: string | null): number {
    const key = `${note ?? ''}\u0000${e.rules}`;
    let n = this.index.get(key);
    if (n === undefined) {
      const matched: MatchedRule[] = [{ rule: 'rebound', detail: note ?? '反弹' }, ...(JSON.parse(e.rules) as MatchedRule[])];
      this.index.set(key, (n = this.reasons.length + 1));
      this.reasons.push(describeMatch(matched, this.ruleSetVersion));
      this.rules.push(JSON.stringify(matched));
    }
    return n;
  }
}
