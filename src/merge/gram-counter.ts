/**
 * Counts of 32-bit n-gram hashes in one open-addressing table of typed arrays: millions of
 * distinct bigrams cost 8 bytes each outside the JavaScript heap (a Map<number, number> of them
 * is a large heap object the collector walks) and a lookup is a few array reads.
 */
export class GramCounter {
  private keys: Uint32Array;
  private counts: Uint32Array;
  private mask: number;
  private size = 0;
  /** Hash 0 marks an empty slot, so its count is kept aside. */
  private zero = 0;

  constructor(initialCapacity = 1 << 16) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.keys = new Uint32Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.mask = capacity - 1;
  }

  get distinct(): number {
    return this.size + (this.zero > 0 ? 1 : 0);
  }

  increment(hash: number): void {
    if (hash === 0) {
      this.zero++;
      return;
    }
    let i = this.slot(hash);
    while (this.keys[i] !== 0 && this.keys[i] !== hash) i = (i + 1) & this.mask;
    if (this.keys[i] === 0) {
      this.keys[i] = hash;
      if (++this.size * 2 > this.mask + 1) {
        this.counts[i] = 1;
        this.grow();
        return;
      }
    }
    this.counts[i]!++;
  }

  get(hash: number): number {
    if (hash === 0) return this.zero;
    let i = this.slot(hash);
    while (this.keys[i] !== 0) {
      if (this.keys[i] === hash) return this.counts[i]!;
      i = (i + 1) & this.mask;
    }
    return 0;
  }

  private slot(hash: number): number {
    // the hashes are already mixed (fmix32); one more multiply spreads sequential test values
    return Math.imul(hash, 0x9e3779b1) >>> 0 & this.mask;
  }

  private grow(): void {
    const [keys, counts] = [this.keys, this.counts];
    this.keys = new Uint32Array(keys.length * 2);
    this.counts = new Uint32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j]!;
      if (key === 0) continue;
      let i = this.slot(key);
      while (this.keys[i] !== 0) i = (i + 1) & this.mask;
      this.keys[i] = key;
      this.counts[i] = counts[j]!;
    }
  }
}
