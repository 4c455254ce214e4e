import type { DemandInput } from '../ingest/demand-input.ts';
import { hashPersonal, maskName, maskPhone, maskText } from '../privacy/mask.ts';
import { cleanText, textHash } from '../text/normalise-text.ts';

/** The Demand row built from a canonical input: personal data masked, hashed for matching. */
export function buildDemand(input: DemandInput, salt: string) {
  const title = input.title ? maskText(cleanText(input.title)) : undefined;
  const content = maskText(cleanText(input.content));
  return {
    source: input.source,
    sourceRef: input.sourceRef,
    channel: input.channel,
    title: title || null,
    content,
    reporterMasked: input.reporterName ? maskName(input.reporterName) : null,
    reporterHash: hashPersonal(salt, 'reporter', input.reporterRef ?? input.reporterIdNumber ?? input.reporterPhone ?? input.reporterName) ?? null,
    phoneMasked: input.reporterPhone ? maskPhone(input.reporterPhone) : null,
    phoneHash: hashPersonal(salt, 'phone', input.reporterPhone) ?? null,
    idNumberHash: hashPersonal(salt, 'id', input.reporterIdNumber) ?? null,
    district: input.district || null,
    street: input.street || null,
    community: input.community || null,
    address: input.address ? maskText(input.address) : null,
    occurredAt: input.occurredAt,
    sourceCategory: input.sourceCategory || null,
    likes: input.likes ?? 0,
    dislikes: input.dislikes ?? 0,
    textHash: textHash(content),
  };
}
