import type { Db } from '../db/database.ts';

/**
 * A member leaves: the member and the login are deactivated, nothing is deleted, so the
 * inbox, actions and drafts stay as history. Audited; returns false for an unknown id.
 */
export async function deactivateMember(prisma: Db, memberId: string, actor: string, reason?: string, now = new Date()): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const member = await tx.member.findUnique({ where: { id: memberId } });
    if (!member) return false;
    if (!member.active) return true;
    await tx.member.update({ where: { id: memberId }, data: { active: false, deactivatedAt: now } });
    await tx.user.updateMany({ where: { memberId }, data: { active: false } });
    await tx.session.deleteMany({ where: { user: { memberId } } });
    await tx.auditLog.create({ data: { actor, action: 'member.deactivate', entity: 'Member', entityId: memberId, before: { active: true }, after: { active: false, deactivatedAt: now.toISOString() }, reason: reason ?? null } });
    return true;
  });
}

/** The registry as admins see it: profile, login, state and inbox size. */
export async function listMembers(prisma: Db) {
  const members = await prisma.member.findMany({ include: { user: { select: { username: true } }, _count: { select: { inboxItems: true, drafts: true } } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return members.map((m) => ({
    id: m.id,
    username: m.user?.username ?? null,
    name: m.name,
    sector: m.sector,
    committee: m.committee,
    regions: m.regions,
    topics: m.topics,
    dailyLimit: m.dailyLimit,
    active: m.active,
    createdAt: m.createdAt,
    deactivatedAt: m.deactivatedAt,
    inboxItems: m._count.inboxItems,
    drafts: m._count.drafts,
  }));
}
