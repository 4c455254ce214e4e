import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-lianxin-signature';
export const TIMESTAMP_HEADER = 'x-lianxin-timestamp';
export const MAX_SKEW_SECONDS = 300;

/** `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<raw body>"), as senders compute it. */
export function signBody(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Verifies a signed push: signature present and correct, timestamp (unix seconds) within
 * five minutes, and the same signature not seen before (replays inside the window).
 */
export class SignatureVerifier {
  private readonly seen = new Map<string, number>();

  constructor(private readonly secret: string, private readonly maxSkewSeconds = MAX_SKEW_SECONDS) {}

  verify(timestamp: string | undefined, signature: string | undefined, body: Buffer, nowMs = Date.now()): SignatureCheck {
    if (!timestamp || !signature) return { ok: false, reason: `missing ${TIMESTAMP_HEADER} or ${SIGNATURE_HEADER} header` };
    if (!/^\d{9,11}$/.test(timestamp)) return { ok: false, reason: `${TIMESTAMP_HEADER} must be unix seconds` };
    if (Math.abs(nowMs / 1000 - Number(timestamp)) > this.maxSkewSeconds) return { ok: false, reason: 'request is too old or from the future (more than 5 minutes): refused as a possible replay' };
    const expected = Buffer.from(signBody(this.secret, timestamp, body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'signature does not match' };
    this.forgetOld(nowMs);
    if (this.seen.has(signature)) return { ok: false, reason: 'this signed request was already received (replay)' };
    this.seen.set(signature, nowMs);
    return { ok: true };
  }

  private forgetOld(nowMs: number): void {
    for (const [signature, at] of this.seen) {
      if (nowMs - at <= this.maxSkewSeconds * 2000) break; // insertion order = time order
      this.seen.delete(signature);
    }
  }
}
