import { SIGNATURE_LENGTH } from './minhash.ts';
import { fmix32 } from './ngrams.ts';

/** Marks an entry or a query whose time is unknown: it passes every time window. */
export const UNKNOWN_TIME = -0x80000000;
/** Marks an unknown region: it is compared with every region. */
export const UNKNOWN_REGION = -1;
const BANDS = 32;
const ROWS = SIGNATURE_LENGTH / BANDS;

export interface IndexQuery {
  signature: Uint32Array;
  /** Minutes since the epoch, or UNKNOWN_TIME. */
  time: number;
  windowMinutes: number;
  region: number;
  /** Candidates with a lower estimated Jaccard are dropped (collisions of unrelated texts). */
  minEstimate: number;
}

export interface IndexHit {
  slot: number;
  estimate: number;
}

/** Slots per bucket head (the head tables cost 4 B × bands per bucket). */
const HEAD_LOAD = 2;
/** Words of one stored signature: MinHash values are kept as their low 16 bits (2 per word). */
const STORED_WORDS = SIGNATURE_LENGTH / 2;

/**
 * MinHash LSH over typed arrays (32 bands × 2 rows). Each band is a chained hash table: `heads`
 * maps a band hash to the newest slot, `next` links slots with the same band hash. Per entry it
 * holds the signature as 64 × 16-bit values (128 B; two different 32-bit minima agree on their low
 * 16 bits with probability 1/65536, which neither the band match nor the Jaccard estimate notices),
 * time and region (8 B) and 32 × (next + half a head) ≈ 192 B.
 * Slots are reused after `remove`. Time window and region are checked on the typed arrays.
 */
export class MinHashIndex {
  private capacity = 0;
  private signatures = new Uint16Array(0);
  private times = new Int32Array(0);
  private regions = new Int32Array(0);
  private live = new Uint8Array(0);
  private next = new Int32Array(0);
  private heads = new Int32Array(0);
  private mask = 0;
  private seen = new Int32Array(0);
  private stamp = 0;
  private free: number[] = [];
  private used = 0;
  size = 0;

  constructor(initialCapacity = 1024) {
    this.grow(initialCapacity);
  }

  add(signature: Uint32Array, time: number, region: number): number {
    const slot = this.free.pop() ?? this.used++;
    if (slot >= this.capacity) this.grow(this.capacity * 2);
    for (let k = 0; k < SIGNATURE_LENGTH; k++) this.signatures[slot * SIGNATURE_LENGTH + k] = signature[k]! & 0xffff;
    this.times[slot] = time;
    this.regions[slot] = region;
    this.live[slot] = 1;
    this.size++;
    for (let b = 0; b < BANDS; b++) this.link(slot, b);
    return slot;
  }

  remove(slot: number): void {
    if (!this.live[slot]) return;
    for (let b = 0; b < BANDS; b++) {
      const bucket = b * (this.mask + 1) + (this.bandHash(this.signatures, slot * SIGNATURE_LENGTH, b) & this.mask);
      let prev = -1;
      for (let s = this.heads[bucket]!; s >= 0; prev = s, s = this.next[s * BANDS + b]!) {
        if (s !== slot) continue;
        const after = this.next[s * BANDS + b]!;
        if (prev < 0) this.heads[bucket] = after;
        else this.next[prev * BANDS + b] = after;
        break;
      }
    }
    this.live[slot] = 0;
    this.size--;
    this.free.push(slot);
  }

  query(q: IndexQuery): IndexHit[] {
    const hits: IndexHit[] = [];
    const stamp = ++this.stamp;
    for (let b = 0; b < BANDS; b++) {
      const bucket = b * (this.mask + 1) + (this.bandHash(q.signature, 0, b) & this.mask);
      for (let s = this.heads[bucket]!; s >= 0; s = this.next[s * BANDS + b]!) {
        // a bucket also holds other band values (hash & mask collisions): only a true band match counts
        // (checked first: most chain entries fail it, and each array read is a cache miss at a million slots)
        if (!this.sameBand(q.signature, s, b) || this.seen[s] === stamp) continue;
        this.seen[s] = stamp;
        if (!this.inBlock(s, q)) continue;
        const estimate = this.estimate(q.signature, s);
        if (estimate >= q.minEstimate) hits.push({ slot: s, estimate });
      }
    }
    return hits.sort((x, y) => y.estimate - x.estimate);
  }

  /** Live entries as one Buffer: per entry slot, time, region and signature (little endian). */
  toBuffer(): Buffer {
    const rowWords = 3 + STORED_WORDS;
    const words = new Uint32Array(1 + this.size * rowWords);
    words[0] = this.size;
    let w = 1;
    for (let s = 0; s < this.used; s++) {
      if (!this.live[s]) continue;
      words[w] = s;
      words[w + 1] = this.times[s]! >>> 0;
      words[w + 2] = this.regions[s]! >>> 0;
      const sig = this.signatures.subarray(s * SIGNATURE_LENGTH, (s + 1) * SIGNATURE_LENGTH);
      for (let k = 0; k < STORED_WORDS; k++) words[w + 3 + k] = sig[2 * k]! | (sig[2 * k + 1]! << 16);
      w += rowWords;
    }
    return Buffer.from(words.buffer, words.byteOffset, words.byteLength);
  }

  /** Rebuilds an index from `toBuffer` output; every entry keeps its slot number. */
  static fromBuffer(buffer: Buffer): MinHashIndex {
    const words = new Uint32Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
    const count = words[0]!;
    const rowWords = 3 + STORED_WORDS;
    let maxSlot = -1;
    for (let i = 0; i < count; i++) maxSlot = Math.max(maxSlot, words[1 + i * rowWords]!);
    const index = new MinHashIndex(Math.max(1024, maxSlot + 1));
    for (let i = 0; i < count; i++) {
      const w = 1 + i * rowWords;
      const signature = new Uint32Array(SIGNATURE_LENGTH);
      for (let k = 0; k < STORED_WORDS; k++) (signature[2 * k] = words[w + 3 + k]! & 0xffff), (signature[2 * k + 1] = words[w + 3 + k]! >>> 16);
      index.placeAt(words[w]!, signature, words[w + 1]! | 0, words[w + 2]! | 0);
    }
    for (let s = 0; s <= maxSlot; s++) if (!index.live[s]) index.free.push(s);
    return index;
  }

  private placeAt(slot: number, signature: Uint32Array, time: number, region: number): void {
    this.used = Math.max(this.used, slot + 1);
    for (let k = 0; k < SIGNATURE_LENGTH; k++) this.signatures[slot * SIGNATURE_LENGTH + k] = signature[k]! & 0xffff;
    this.times[slot] = time;
    this.regions[slot] = region;
    this.live[slot] = 1;
    this.size++;
    for (let b = 0; b < BANDS; b++) this.link(slot, b);
  }

  private inBlock(slot: number, q: IndexQuery): boolean {
    const region = this.regions[slot]!;
    if (region !== UNKNOWN_REGION && q.region !== UNKNOWN_REGION && region !== q.region) return false;
    const time = this.times[slot]!;
    return time === UNKNOWN_TIME || q.time === UNKNOWN_TIME || Math.abs(time - q.time) <= q.windowMinutes;
  }

  private sameBand(signature: Uint32Array, slot: number, band: number): boolean {
    for (let r = 0; r < ROWS; r++) {
      if ((signature[band * ROWS + r]! & 0xffff) !== this.signatures[slot * SIGNATURE_LENGTH + band * ROWS + r]) return false;
    }
    return true;
  }

  /** Share of the 64 positions where the query's minima agree with the stored ones (low 16 bits). */
  estimate(signature: Uint32Array, slot: number): number {
    let same = 0;
    const base = slot * SIGNATURE_LENGTH;
    for (let k = 0; k < SIGNATURE_LENGTH; k++) if ((signature[k]! & 0xffff) === this.signatures[base + k]) same++;
    return same / SIGNATURE_LENGTH;
  }

  private bandHash(signature: Uint32Array | Uint16Array, offset: number, band: number): number {
    let h = band + 1;
    for (let r = 0; r < ROWS; r++) h = fmix32(h ^ (signature[offset + band * ROWS + r]! & 0xffff));
    return h;
  }

  private link(slot: number, band: number): void {
    const bucket = band * (this.mask + 1) + (this.bandHash(this.signatures, slot * SIGNATURE_LENGTH, band) & this.mask);
    this.next[slot * BANDS + band] = this.heads[bucket]!;
    this.heads[bucket] = slot;
  }

  /** Doubles the per-slot arrays and re-buckets every live entry into a table of one head per two slots. */
  private grow(requested: number): void {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(requested, 2)));
    const copy = <T extends Uint16Array | Int32Array | Uint8Array>(old: T, make: (n: number) => T, per: number) => {
      const fresh = make(capacity * per);
      fresh.set(old);
      return fresh;
    };
    this.signatures = copy(this.signatures, (n) => new Uint16Array(n), SIGNATURE_LENGTH);
    this.times = copy(this.times, (n) => new Int32Array(n), 1);
    this.regions = copy(this.regions, (n) => new Int32Array(n), 1);
    this.live = copy(this.live, (n) => new Uint8Array(n), 1);
    this.seen = new Int32Array(capacity);
    this.next = new Int32Array(capacity * BANDS);
    this.capacity = capacity;
    // one bucket per two slots and band: chains average two entries, a true band match is checked anyway
    this.mask = Math.max(1, capacity / HEAD_LOAD) - 1;
    this.heads = new Int32Array((this.mask + 1) * BANDS).fill(-1);
    for (let s = 0; s < this.used; s++) if (this.live[s]) for (let b = 0; b < BANDS; b++) this.link(s, b);
  }
}
