import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Millisecond and counter of the last id, so ids stay increasing within a millisecond (as uuid's own v7). */
const state = { msecs: -Infinity, seq: 0 };

/**
 * `n` UUIDv7 ids (time-ordered and increasing, as Prisma's `@default(uuid(7))`) for rows written
 * in bulk by raw SQL. The random part of all of them comes from one `randomFillSync`: `uuid`
 * asks the OS for 16 bytes per id otherwise, ten times slower — measurable with a hundred
 * thousand inbox items.
 */
export function newIds(n: number): string[] {
  const random = randomFillSync(new Uint8Array(16 * n));
  const now = Date.now();
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const bytes = random.subarray(16 * i, 16 * i + 16);
    if (now > state.msecs) {
      // a new millisecond: a random 31-bit counter start, as uuid does
      state.msecs = now;
      state.seq = ((bytes[6]! & 0x7f) << 24) | (bytes[7]! << 16) | (bytes[8]! << 8) | bytes[9]!;
    } else {
      state.seq = (state.seq + 1) | 0;
      if (state.seq === 0) state.msecs++;
    }
    ids[i] = uuidv7({ random: bytes, msecs: state.msecs, seq: state.seq });
  }
  return ids;
}
