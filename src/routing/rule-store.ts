import type { Db } from '../db/database.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { defaultRoutingRules } from './default-rules.ts';
import { routingRulesSchema, type RoutingRules } from './rule-schema.ts';

export interface RuleSet {
  version: number;
  rules: RoutingRules;
  note: string | null;
  createdBy: string;
  createdAt: Date;
}

type Client = Db | Prisma.TransactionClient;

/** The rule set in force (highest version); version 1 (the defaults) is created on first use. */
export async function currentRuleSet(prisma: Client, others: 'scheduled' | 'immediate' = 'scheduled'): Promise<RuleSet> {
  const row = await prisma.routingRuleSet.findFirst({ orderBy: { version: 'desc' } });
  if (row) return { version: row.version, rules: routingRulesSchema.parse(row.rules), note: row.note, createdBy: row.createdBy, createdAt: row.createdAt };
  try {
    await prisma.routingRuleSet.create({ data: { version: 1, rules: defaultRoutingRules(others), note: '默认规则', createdBy: 'system' } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error; // another process created it first
  }
  return currentRuleSet(prisma, others);
}

/** Someone else replaced the rules first: the caller edited an older version. */
export class RuleSetConflict extends Error {
  constructor(readonly currentVersion: number) {
    super(`the routing rules were replaced meanwhile (now version ${currentVersion}); reload them and apply the change again`);
  }
}

/**
 * Stores a new version of the rules (validated), audited with before/after. Concurrent
 * replacements cannot both take the same version (unique version): the later one fails with
 * RuleSetConflict, as does one whose `baseVersion` (the version the editor started from) is no
 * longer current — so no edit silently overwrites another.
 */
export async function replaceRuleSet(prisma: Db, actor: string, input: unknown, note: string | undefined, others: 'scheduled' | 'immediate' = 'scheduled', baseVersion?: number): Promise<RuleSet> {
  const rules = routingRulesSchema.parse(input);
  const before = await currentRuleSet(prisma, others);
  if (baseVersion !== undefined && baseVersion !== before.version) throw new RuleSetConflict(before.version);
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.routingRuleSet.create({ data: { version: before.version + 1, rules, note: note ?? null, createdBy: actor } });
    // the push policy may have changed (hot threshold, 'immediate'): tickets waiting for delivery
    // are marked to be pushed again, so the sweep applies the new rules to them within minutes
    await tx.$executeRaw`UPDATE "Ticket" SET "pushedVersion" = "routedVersion" - 1
      WHERE "deliveryPending" AND "routedVersion" > 0 AND "pushedVersion" >= "routedVersion"`;
    await tx.auditLog.create({
      data: { actor, action: 'routing-rules.replace', entity: 'RoutingRuleSet', entityId: String(created.version), before: { version: before.version, rules: before.rules }, after: { version: created.version, rules }, reason: note ?? null },
    });
    return created;
  }).catch(async (error: unknown) => {
    if (isUniqueViolation(error)) throw new RuleSetConflict((await currentRuleSet(prisma, others)).version);
    throw error;
  });
  return { version: row.version, rules, note: row.note, createdBy: row.createdBy, createdAt: row.createdAt };
}
