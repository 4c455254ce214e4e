import type { DemandInput } from '../ingest/demand-input.ts';
import { hashPersonal, maskName, maskPhone, maskText } from '../privacy/mask.ts';
import { extractRegion } from '../region/extract-region.ts';
import { cleanText, textHash } from '../text/normalise-text.ts';

/** A bare prefecture-level city (A市): the whole city, not a district to route by. */
const PREFECTURE = /^[A-Z]市$/;

/** District, street and community read from the text, for sources that do not send them. */
function regionFromText(input: DemandInput, title: string | undefined, content: string) {
  if (input.district) return undefined;
  const region = extractRegion(`${title ?? ''}\n${content}`.normalize('NFKC'));
  return { ...region, district: region.district && !PREFECTURE.test(region.district) ? region.district : undefined };
}

/** The reporter's own name written in the text (来电人赵大宝…) is stored masked like the name field. */
function maskReporterName(text: string, name: string | undefined): string {
  const clean = name?.trim();
  return clean && clean.length >= 2 ? text.replaceAll(clean, maskName(clean)) : text;
}

/**
 * The Demand row built from a canonical input: personal data masked, hashed for matching; when
 * the source gives no district, it is read from the text so routing by 属地 works for every channel.
 */
export function buildDemand(input: DemandInput, salt: string) {
  const title = input.title ? maskReporterName(maskText(cleanText(input.title)), input.reporterName) : undefined;
  const content = maskReporterName(maskText(cleanText(input.content)), input.reporterName);
  const inferred = regionFromText(input, title, content);
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
    district: input.district || inferred?.district || null,
    street: input.street || inferred?.street || null,
    community: input.community || inferred?.community || null,
    address: input.address ? maskText(input.address) : null,
    occurredAt: input.occurredAt,
    sourceCategory: input.sourceCategory || null,
    likes: input.likes ?? 0,
    dislikes: input.dislikes ?? 0,
    textHash: textHash(content),
  };
}
