/**
 * Deterministic generator of realistic demo demands for a fresh clone (no real data).
 * It invents concrete issues and reports each one 1–6 times over the hotline, the leader
 * mailbox and the message board: exact copies, punctuation-only variants and rewordings
 * of the same issue, plus "template letters" (same wording, other place, not the same issue).
 */
import type { DemandInput } from '../ingest/demand-input.ts';
import { createRng, type Rng } from './random.ts';
import {
  CATEGORIES, CITY, GIVEN_NAMES, HOTLINE_CLOSINGS, HOTLINE_OPENERS, HOTLINE_REMARKS, LETTER_CLOSINGS, LETTER_OPENERS,
  LETTER_REMARKS, SURNAMES,
  composeText, pickPlace, templatesOf, type Category, type Place, type ProblemTemplate, type Wording,
} from './demo-vocabulary.ts';

export interface DemoOptions {
  seed?: number;
  /** Number of distinct issues (default 40). */
  issues?: number;
  /** Reference time; every occurredAt lies strictly before it (default: the current time). */
  now?: Date;
  /** How many days before `now` the demands are spread over (default 14). */
  days?: number;
}

export interface DemoIssue {
  key: string;
  category: Category;
  templateKey: string;
  district: string;
  /** For a template letter: the key of the issue whose wording it reuses at another place. */
  templateLetterOf?: string;
  demands: DemandInput[];
}

type DemoChannel = 'hotline' | 'mailbox' | 'message-board';
interface Text { title: string; content: string }
interface Reporter { name: string; phone: string; ref: string }
/** Which title and body variant of the template an issue is first reported with. */
type Phrasing = Pick<Wording, 'title' | 'body'>;
interface IssuePlan { key: string; template: ProblemTemplate; place: Place; phrasing: Phrasing; reports: number; templateLetterOf?: string }

const DEFAULT_SEED = 12345;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Source ids carry the local (UTC+8) date. */
const CHINA_OFFSET = 8 * HOUR;
/** Follow-up reports of an issue arrive within this time after the first one. */
const FOLLOW_UP_WINDOW = 3 * DAY;
/** Weighted: half of the reports come through the hotline. */
const CHANNEL_MIX: readonly DemoChannel[] = ['hotline', 'hotline', 'mailbox', 'message-board'];
const HALF_WIDTH_MARK: Record<string, string> = { '，': ', ', '。': '. ', '：': ':\n', '！': '! ', '？': '? ' };

export function generateDemoDemands(opts: DemoOptions = {}): DemandInput[] {
  return generateDemoIssues(opts)
    .flatMap((issue) => issue.demands)
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.sourceRef.localeCompare(b.sourceRef));
}

/** The same data as generateDemoDemands, grouped by the issue each demand reports. */
export function generateDemoIssues(opts: DemoOptions = {}): DemoIssue[] {
  const rng = createRng(opts.seed ?? DEFAULT_SEED);
  const now = (opts.now ?? new Date()).getTime();
  const spanMs = (opts.days ?? 14) * DAY;
  const total = opts.issues ?? 40;
  const templateLetters = total >= 8 ? Math.round(total / 12) : 0;

  const categories = rng.shuffle(Array.from({ length: total - templateLetters }, (_, i) => CATEGORIES[i % CATEGORIES.length] as Category));
  const plans: IssuePlan[] = categories.map((category, i) => ({
    key: issueKey(i),
    template: rng.pick(templatesOf(category)),
    place: pickPlace(rng, 'demo'),
    phrasing: { title: rng.int(0, 2), body: rng.int(0, 2) },
    // The categories are shuffled, so every other issue is an arbitrary half of them.
    reports: i % 2 === 0 ? rng.int(2, 6) : 1,
  }));
  for (const original of rng.shuffle(plans).slice(0, templateLetters)) {
    const place = pickPlace(rng, 'demo', original.place.district);
    plans.push({ ...original, key: issueKey(plans.length), place, reports: 1, templateLetterOf: original.key });
  }

  const ids = new SourceIds(rng);
  return plans.map((plan) => ({
    key: plan.key,
    category: plan.template.category,
    templateKey: plan.template.key,
    district: plan.place.district,
    ...(plan.templateLetterOf ? { templateLetterOf: plan.templateLetterOf } : {}),
    demands: reportIssue(rng, ids, plan, now, spanMs),
  }));
}

function reportIssue(rng: Rng, ids: SourceIds, plan: IssuePlan, now: number, spanMs: number): DemandInput[] {
  const start = now - HOUR - Math.floor(rng.next() * Math.max(0, spanMs - HOUR));
  const channels = channelsFor(rng, plan.reports);
  const firstChannel = channels[0] as DemoChannel;
  const firstReporter = newReporter(rng);
  const first = writeText(rng, plan, { ...plan.phrasing, ...channelStyle(rng, firstChannel) }, firstChannel, firstReporter);
  const demands = [toDemand(rng, ids, plan, firstChannel, first, firstReporter, start)];

  for (const channel of channels.slice(1)) {
    const at = start + Math.floor(rng.next() * Math.min(FOLLOW_UP_WINDOW, now - start - MINUTE));
    const variant = rng.pick(['exact', 'exact', 'punctuation', 'reworded', 'reworded'] as const);
    if (variant === 'reworded') {
      const reporter = newReporter(rng);
      const text = writeText(rng, plan, rewording(rng, channel, plan.phrasing), channel, reporter);
      demands.push(toDemand(rng, ids, plan, channel, text, reporter, at));
    } else {
      const content = variant === 'exact' ? first.content : perturbPunctuation(rng, first.content);
      demands.push(toDemand(rng, ids, plan, channel, { title: first.title, content }, firstReporter, at));
    }
  }
  return demands;
}

/** First channel at random, the second always a different one, the rest at random. */
function channelsFor(rng: Rng, count: number): DemoChannel[] {
  const channels = [rng.pick(CHANNEL_MIX)];
  if (count > 1) channels.push(rng.pick(CHANNEL_MIX.filter((c) => c !== channels[0])));
  while (channels.length < count) channels.push(rng.pick(CHANNEL_MIX));
  return channels;
}

function channelStyle(rng: Rng, channel: DemoChannel): Omit<Wording, 'title' | 'body'> {
  return channel === 'hotline'
    ? { opener: rng.pick(HOTLINE_OPENERS), remark: rng.pick(HOTLINE_REMARKS), closing: rng.pick(HOTLINE_CLOSINGS) }
    : { opener: rng.pick(LETTER_OPENERS), remark: rng.pick(LETTER_REMARKS), closing: rng.pick(LETTER_CLOSINGS) };
}

/** Another wording of the same issue: always a different body variant. */
function rewording(rng: Rng, channel: DemoChannel, original: Phrasing): Wording {
  return { title: rng.int(0, 2), body: original.body + rng.int(1, 2), ...channelStyle(rng, channel) };
}

/** Composes a report; about 5% of hotline reports quote the caller's phone or ID number in the text. */
function writeText(rng: Rng, plan: IssuePlan, wording: Wording, channel: DemoChannel, reporter: Reporter): Text {
  let personalData = '';
  if (channel === 'hotline' && rng.chance(0.05)) {
    personalData = rng.chance(0.5) ? `来电人联系电话${reporter.phone}，` : `来电人身份证号${idNumber(rng)}，`;
  }
  return composeText(plan.template, plan.place, wording, personalData);
}

/** Same text with some punctuation turned half-width and spaced out (always at least the first mark). */
function perturbPunctuation(rng: Rng, text: string): string {
  let first = true;
  const perturbed = text.replace(/[，。：！？]/g, (mark) => {
    const swap = first || rng.chance(0.35);
    first = false;
    return swap ? (HALF_WIDTH_MARK[mark] ?? mark) : mark;
  });
  return perturbed.trim();
}

function toDemand(rng: Rng, ids: SourceIds, plan: IssuePlan, channel: DemoChannel, text: Text, reporter: Reporter, atMs: number): DemandInput {
  const occurredAt = new Date(Math.floor(atMs / 1000) * 1000);
  const { place, template } = plan;
  if (channel === 'hotline') {
    return {
      source: 'hotline-12345', sourceRef: ids.hotline(occurredAt), channel, content: text.content,
      reporterName: reporter.name, reporterPhone: reporter.phone,
      district: place.district, street: place.street, community: place.community,
      address: `${CITY}${place.district}${place.street}${place[template.site]}`,
      occurredAt, sourceCategory: template.sourceCategory,
    };
  }
  const common = { title: text.title, content: text.content, reporterRef: reporter.ref, district: place.district, occurredAt };
  if (channel === 'mailbox') {
    return { source: 'mailbox', sourceRef: ids.mailbox(occurredAt), channel, ...common, ...(rng.chance(0.1) ? { reporterPhone: reporter.phone } : {}) };
  }
  const likes = rng.chance(0.7) ? rng.int(0, 5) : rng.int(6, 80);
  return { source: 'message-board', sourceRef: ids.messageBoard(), channel, ...common, likes, dislikes: rng.int(0, Math.ceil(likes / 10)) };
}

/** Strictly increasing sequence numbers per channel, so (source, sourceRef) stays unique. */
class SourceIds {
  private hotlineSeq: number;
  private mailboxSeq: number;
  private boardSeq: number;

  constructor(private readonly rng: Rng) {
    this.hotlineSeq = rng.int(100, 999);
    this.mailboxSeq = rng.int(10, 99);
    this.boardSeq = rng.int(180_000, 190_000);
  }

  hotline(at: Date): string {
    this.hotlineSeq += this.rng.int(1, 40);
    return `12345-${localDate(at)}-${pad(this.hotlineSeq, 6)}`;
  }

  mailbox(at: Date): string {
    this.mailboxSeq += this.rng.int(1, 9);
    return `MB-${localDate(at)}-${pad(this.mailboxSeq, 5)}`;
  }

  messageBoard(): string {
    this.boardSeq += this.rng.int(1, 30);
    return `LYB-${pad(this.boardSeq, 7)}`;
  }
}

function newReporter(rng: Rng): Reporter {
  return {
    name: rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES),
    phone: `1${rng.int(3, 9)}${digits(rng, 9)}`,
    ref: `A000${digits(rng, 6)}`,
  };
}

/** A fictional 18-digit resident ID number with a valid GB 11643 check digit. */
function idNumber(rng: Rng): string {
  const birth = `${rng.int(1950, 2002)}${pad(rng.int(1, 12), 2)}${pad(rng.int(1, 28), 2)}`;
  const body = `4301${pad(rng.int(1, 99), 2)}${birth}${digits(rng, 3)}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (weights[i] as number), 0);
  return body + '10X98765432'[sum % 11];
}

function localDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET).toISOString().slice(0, 10).replaceAll('-', '');
}

const issueKey = (index: number): string => `issue-${pad(index + 1, 3)}`;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const digits = (rng: Rng, count: number): string => Array.from({ length: count }, () => rng.int(0, 9)).join('');
