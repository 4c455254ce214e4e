import type { AppContext } from '../app/context.ts';
import { createApiKey } from '../auth/tokens.ts';
import { receiveRecords } from '../ingest/receive-records.ts';
import { upsertMembers } from '../members/member-import.ts';
import { currentRuleSet, replaceRuleSet } from '../routing/rule-store.ts';
import { ensureDemoAnalyst } from './demo-analyst.ts';
import { demoMembers } from './demo-members.ts';
import { generateDemoDemands } from './generate-demands.ts';

const MARKER = 'demo-seed';

export interface DemoSeed {
  members: Array<{ username: string; password: string; name: string }>;
  connectorKey: string;
  demands: number;
}

/**
 * First-run demo: demo members and an analyst with known logins, rules that push at once, a connector API key, and generated
 * 12345 / mailbox / message-board demands (with cross-channel duplicates) fed through the
 * real ingest path. Runs once per database (a marker row); returns null when already seeded.
 */
export async function seedDemo(ctx: AppContext, now = new Date()): Promise<DemoSeed | null> {
  const claimed = await ctx.prisma.connectorState.createMany({ data: [{ name: MARKER, cursor: { seededAt: now.toISOString() } }], skipDuplicates: true });
  if (claimed.count === 0) return null;
  const members = demoMembers();
  await upsertMembers(ctx.prisma, members.map((m, i) => ({ line: i + 1, row: { ...m, regions: m.regions.join(';'), topics: m.topics.join(';') } })));
  const analyst = await ensureDemoAnalyst(ctx.prisma);
  // the demo shows every routed ticket at once instead of waiting for the 08:30 batch
  const current = await currentRuleSet(ctx.prisma, ctx.config.INBOX_PUSH_OTHERS);
  if (current.rules.push.others !== 'immediate') {
    await replaceRuleSet(ctx.prisma, 'demo', { ...current.rules, push: { ...current.rules.push, others: 'immediate' } }, '演示：非热点诉求也即时推送');
  }
  const connectorKey = await createApiKey(ctx.prisma, `demo-hotline-${now.getTime()}`);
  const demands = generateDemoDemands({ now });
  await receiveRecords(
    ctx,
    demands.map((d) => ({ source: d.source, sourceRef: d.sourceRef, channel: d.channel, format: 'demand-v1', payload: JSON.stringify(d) })),
  );
  return { members: [...members.map((m) => ({ username: m.username, password: m.password, name: m.name })), analyst], connectorKey, demands: demands.length };
}
