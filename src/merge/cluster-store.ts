import type { Place } from './places.ts';
import type { DemandDoc } from './profile.ts';

const NONE = -1;

/**
 * The open clusters of a MergeEngine in typed arrays: a cluster is a small number (reused after
 * `close`), its representatives a chain of LSH slots (first report first). A million open clusters
 * would otherwise be a million JavaScript objects, each with its own representative and place arrays
 * (~450 B each, walked by every full collection); here a cluster costs its id string, one Map entry
 * and ~40 B of typed arrays, plus a place array only when its members named places.
 * Representatives are stored under their text-LSH slot, which the store does not allocate.
 */
export class ClusterStore {
  private readonly numbers = new Map<string, number>();
  private ids: Array<string | undefined> = [];
  private places: Array<Place[] | undefined> = [];
  private firstRep = new Int32Array(0);
  private repCount = new Uint8Array(0);
  private free: number[] = [];
  private used = 0;
  // per text-LSH slot
  private slotDocs: Array<DemandDoc | undefined> = [];
  private slotOwner = new Int32Array(0);
  private slotNext = new Int32Array(0);
  private slotTitle = new Int32Array(0);

  get size(): number {
    return this.numbers.size;
  }

  numberOf(id: string): number | undefined {
    return this.numbers.get(id);
  }

  idOf(c: number): string {
    return this.ids[c]!;
  }

  open(id: string): number {
    const c = this.free.pop() ?? this.used++;
    if (c >= this.firstRep.length) {
      this.firstRep = grow(this.firstRep, c, NONE);
      this.repCount = grow(this.repCount, c, 0);
    }
    this.numbers.set(id, c);
    this.ids[c] = id;
    this.places[c] = undefined;
    this.firstRep[c] = NONE;
    this.repCount[c] = 0;
    return c;
  }

  /** Forgets cluster `c` (its representatives' slots are the caller's to free). */
  close(c: number): void {
    for (let s = this.firstRep[c]!; s !== NONE; s = this.slotNext[s]!) this.slotDocs[s] = undefined;
    this.numbers.delete(this.ids[c]!);
    this.ids[c] = undefined;
    this.places[c] = undefined;
    this.firstRep[c] = NONE;
    this.repCount[c] = 0;
    this.free.push(c);
  }

  representativeCount(c: number): number {
    return this.repCount[c]!;
  }

  /** Text-LSH slots of the representatives, first report first. */
  *representatives(c: number): Generator<number> {
    for (let s = this.firstRep[c]!; s !== NONE; s = this.slotNext[s]!) yield s;
  }

  firstRepresentative(c: number): number {
    return this.firstRep[c]!;
  }

  nextRepresentative(slot: number): number {
    return this.slotNext[slot]!;
  }

  docAt(slot: number): DemandDoc {
    return this.slotDocs[slot]!;
  }

  titleSlotOf(slot: number): number {
    return this.slotTitle[slot]!;
  }

  ownerOf(slot: number): number {
    return this.slotOwner[slot]!;
  }

  /** Appends a representative (text slot `slot`, title slot `titleSlot`) to cluster `c`. */
  addRepresentative(c: number, doc: DemandDoc, slot: number, titleSlot: number): void {
    if (slot >= this.slotOwner.length) {
      this.slotOwner = grow(this.slotOwner, slot, NONE);
      this.slotNext = grow(this.slotNext, slot, NONE);
      this.slotTitle = grow(this.slotTitle, slot, NONE);
    }
    this.slotDocs[slot] = doc;
    this.slotOwner[slot] = c;
    this.slotTitle[slot] = titleSlot;
    this.slotNext[slot] = NONE;
    let last = this.firstRep[c]!;
    if (last === NONE) this.firstRep[c] = slot;
    else {
      while (this.slotNext[last] !== NONE) last = this.slotNext[last]!;
      this.slotNext[last] = slot;
    }
    this.repCount[c]!++;
  }

  /** Unlinks the representative at `slot` from cluster `c`. */
  removeRepresentative(c: number, slot: number): void {
    if (this.firstRep[c] === slot) this.firstRep[c] = this.slotNext[slot]!;
    else {
      let prev = this.firstRep[c]!;
      while (prev !== NONE && this.slotNext[prev] !== slot) prev = this.slotNext[prev]!;
      if (prev === NONE) return;
      this.slotNext[prev] = this.slotNext[slot]!;
    }
    this.slotDocs[slot] = undefined;
    this.slotOwner[slot] = NONE;
    this.repCount[c]!--;
  }

  /** Union of the members' core places (shared empty array when none). */
  placesOf(c: number): Place[] {
    return this.places[c] ?? EMPTY;
  }

  addPlaces(c: number, fresh: Place[]): void {
    if (fresh.length === 0) return;
    const list = this.places[c];
    if (list) list.push(...fresh);
    else this.places[c] = fresh.slice();
  }
}

const EMPTY: Place[] = [];

/** `old` copied into an array of at least `needed + 1` entries (a power of two, ≥ 1024), the rest set to `fill`. */
export function grow<T extends Int32Array | Uint8Array>(old: T, needed: number, fill: number): T {
  const fresh = new (old.constructor as new (n: number) => T)(Math.max(1024, 2 ** Math.ceil(Math.log2(needed + 1))));
  fresh.fill(fill);
  fresh.set(old);
  return fresh;
}
