import { describe, it, expect } from 'vitest';
import { demandInputSchema } from '../src/ingest/demand-input.ts';
import { createRng } from '../src/demo/random.ts';
import { CATEGORIES, DISTRICTS, PROBLEM_TEMPLATES, composeText, pickPlace, templatesOf } from '../src/demo/demo-vocabulary.ts';
import { generateDemoDemands, generateDemoIssues } from '../src/demo/generate-demands.ts';
import { generateTrainingExamples } from '../src/demo/training-examples.ts';
import { DEMO_PASSWORD, demoMembers } from '../src/demo/demo-members.ts';

const now = new Date('2026-11-20T12:00:00+08:00');
const demands = generateDemoDemands({ seed: 7, now });
const issues = generateDemoIssues({ seed: 7, now });

/** What the current merger compares: text without whitespace and punctuation. */
const normalise = (text: string) => text.replace(/[\s\p{P}]/gu, '');

describe('seeded random', () => {
  it('repeats its sequence for a seed and stays in range', () => {
    const a = createRng(42);
    const b = createRng(42);
    const values = Array.from({ length: 100 }, () => a.int(3, 5));
    expect(values).toEqual(Array.from({ length: 100 }, () => b.int(3, 5)));
    expect(new Set(values)).toEqual(new Set([3, 4, 5]));
    expect(createRng(1).shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('demo vocabulary', () => {
  it('has at least 6 distinct templates with several phrasings per category', () => {
    expect(new Set(PROBLEM_TEMPLATES.map((t) => t.key)).size).toBe(PROBLEM_TEMPLATES.length);
    for (const category of CATEGORIES) {
      const templates = templatesOf(category);
      expect(templates.length).toBeGreaterThanOrEqual(6);
      for (const t of templates) {
        expect(t.titles.length).toBeGreaterThanOrEqual(3);
        expect(t.bodies.length).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('fills every placeholder of every template', () => {
    const place = pickPlace(createRng(3), 'demo');
    for (const t of PROBLEM_TEMPLATES) {
      for (let i = 0; i < 3; i++) {
        const { title, content } = composeText(t, place, { title: i, body: i, opener: '', remark: '', closing: '' });
        expect(title + content).not.toMatch(/[{}]/);
      }
    }
  });
});

describe('generateDemoDemands', () => {
  it('emits demands that pass the canonical schema, 60–400 characters each', () => {
    expect(demands.length).toBeGreaterThan(40);
    for (const demand of demands) {
      expect(demandInputSchema.parse(demand)).toEqual(demand);
      expect(demand.content.length).toBeGreaterThanOrEqual(60);
      expect(demand.content.length).toBeLessThanOrEqual(400);
    }
  });

  it('is deterministic for a seed and differs for another seed', () => {
    expect(generateDemoDemands({ seed: 7, now })).toEqual(demands);
    expect(generateDemoDemands({ seed: 8, now })).not.toEqual(demands);
  });

  it('keeps (source, sourceRef) unique and uses the source-specific id styles', () => {
    const keys = demands.map((d) => `${d.source}|${d.sourceRef}`);
    expect(new Set(keys).size).toBe(keys.length);
    const refStyle = { 'hotline-12345': /^12345-\d{8}-\d{6}$/, mailbox: /^MB-\d{8}-\d{5}$/, 'message-board': /^LYB-\d{7}$/ } as const;
    for (const d of demands) expect(d.sourceRef).toMatch(refStyle[d.source as keyof typeof refStyle]);
  });

  it('fills the fields each channel has', () => {
    for (const d of demands) {
      if (d.channel === 'hotline') {
        expect(d.reporterName).toMatch(/^\p{Script=Han}{2,3}$/u);
        expect(d.reporterPhone).toMatch(/^1[3-9]\d{9}$/);
        expect(d.street && d.address).toBeTruthy();
      } else {
        expect(d.title).toBeTruthy();
        expect(d.reporterRef).toMatch(/^A000\d{6}$/);
      }
      if (d.channel === 'message-board') expect(d.likes).toBeTypeOf('number');
    }
    expect(new Set(demands.map((d) => d.channel))).toEqual(new Set(['hotline', 'mailbox', 'message-board']));
  });

  it('spreads occurredAt over the last days, never in the future, sorted', () => {
    const times = demands.map((d) => d.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const t of times) {
      expect(t).toBeLessThan(now.getTime());
      expect(t).toBeGreaterThan(now.getTime() - 14 * 24 * 3600_000);
    }
    const days = generateDemoDemands({ seed: 7, now, days: 3 }).map((d) => d.occurredAt.getTime());
    expect(Math.min(...days)).toBeGreaterThan(now.getTime() - 3 * 24 * 3600_000);
  });

  it('reports about half of the issues several times, over at least two channels', () => {
    expect(issues).toHaveLength(40);
    expect(issues.flatMap((i) => i.demands)).toHaveLength(demands.length);
    for (const issue of issues) expect(issue.demands.length).toBeLessThanOrEqual(6);
    const multiChannel = issues.filter((i) => new Set(i.demands.map((d) => d.channel)).size >= 2);
    expect(multiChannel.length).toBeGreaterThanOrEqual(15);
    expect(new Set(issues.map((i) => i.category))).toEqual(new Set(CATEGORIES));
  });

  it('includes exact and punctuation-only copies of a report through another channel', () => {
    let exact = 0;
    let nearExact = 0;
    for (const issue of issues) {
      const [first, ...rest] = issue.demands;
      for (const copy of rest) {
        if (copy.channel === first!.channel) continue;
        if (copy.content === first!.content) exact++;
        else if (normalise(copy.content) === normalise(first!.content)) nearExact++;
      }
    }
    expect(exact).toBeGreaterThan(0);
    expect(nearExact).toBeGreaterThan(0);
  });

  it('includes template letters about the same problem at another place', () => {
    const letters = issues.filter((i) => i.templateLetterOf);
    expect(letters.length).toBeGreaterThanOrEqual(2);
    for (const letter of letters) {
      const original = issues.find((i) => i.key === letter.templateLetterOf)!;
      expect(letter.templateKey).toBe(original.templateKey);
      expect(letter.district).not.toBe(original.district);
      for (const d of letter.demands) expect(d.district).toBe(letter.district);
    }
  });

  it('puts a phone or ID number into roughly 5% of hotline texts', () => {
    const hotline = generateDemoDemands({ seed: 7, now, issues: 400 }).filter((d) => d.channel === 'hotline');
    const withPersonalData = hotline.filter((d) => /1[3-9]\d{9}|\d{17}[\dX]/.test(d.content));
    expect(withPersonalData.length / hotline.length).toBeGreaterThan(0.01);
    expect(withPersonalData.length / hotline.length).toBeLessThan(0.12);
  });
});

describe('demoMembers', () => {
  const members = demoMembers();

  it('are 6 members with demo credentials', () => {
    expect(members).toHaveLength(6);
    expect(new Set(members.map((m) => m.username)).size).toBe(6);
    for (const m of members) {
      expect(m.username).toMatch(/^[a-z]+\.[a-z]+$/);
      expect(m.password).toBe(DEMO_PASSWORD);
      expect(m.dailyLimit).toBeGreaterThan(0);
    }
  });

  it('cover every district and every category of the demo data', () => {
    const regions = new Set(members.flatMap((m) => m.regions));
    const topics = new Set(members.flatMap((m) => m.topics));
    for (const d of demands) expect(regions).toContain(d.district);
    for (const district of DISTRICTS) expect(regions).toContain(district.name);
    for (const category of CATEGORIES) expect(topics).toContain(category);
  });
});

describe('generateTrainingExamples', () => {
  it('gives the requested number of examples for each of the 7 categories', () => {
    const examples = generateTrainingExamples({ perCategory: 25 });
    expect(examples).toHaveLength(7 * 25);
    for (const category of CATEGORIES) expect(examples.filter((e) => e.label === category)).toHaveLength(25);
    expect(generateTrainingExamples({}).length).toBe(7 * 60);
  });

  it('is deterministic and varied', () => {
    const examples = generateTrainingExamples({ seed: 5 });
    expect(generateTrainingExamples({ seed: 5 })).toEqual(examples);
    expect(new Set(examples.map((e) => e.text)).size).toBeGreaterThan(examples.length * 0.9);
  });

  it('uses other place names than the demo demands', () => {
    const estates = new Set(Array.from({ length: 200 }, (_, i) => pickPlace(createRng(i), 'demo').estate));
    const text = generateTrainingExamples({}).map((e) => e.text).join('\n');
    for (const estate of estates) expect(text).not.toContain(estate);
  });
});
