import { hashPassword } from '../auth/passwords.ts';
import type { Db } from '../db/database.ts';
import { DEMO_PASSWORD } from './demo-members.ts';

/** Username of the demo analyst (reads every ticket and the dashboard, never personal data). */
export const DEMO_ANALYST = 'analyst';

/** Creates the demo analyst account (DEMO ONLY: the shared demo password). */
export async function ensureDemoAnalyst(prisma: Db): Promise<{ username: string; password: string; name: string }> {
  await prisma.user.createMany({ data: [{ username: DEMO_ANALYST, passwordHash: await hashPassword(DEMO_PASSWORD), role: 'ANALYST' }], skipDuplicates: true });
  return { username: DEMO_ANALYST, password: DEMO_PASSWORD, name: '数据分析员（分析员账号，看板）' };
}
