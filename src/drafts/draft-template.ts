import type { Ticket } from '../generated/prisma/client.ts';
import { redactPersonal } from '../inbox/redact.ts';
import type { DraftEvidence } from './draft-evidence.ts';

export type DraftKind = 'proposal' | 'social-report';

export const DRAFT_KIND_LABEL: Record<DraftKind, string> = { proposal: '提案', 'social-report': '社情民意信息' };

const CHANNEL_LABEL: Record<string, string> = { hotline: '12345热线', mailbox: '领导信箱', 'message-board': '留言板', cppcc: '智慧政协', 'online-opinion': '网络民意', import: '导入' };

/** The prefilled title, summary and body of a new draft (the member edits them). */
export function draftText(kind: DraftKind, ticket: Pick<Ticket, 'title' | 'summary' | 'category' | 'district' | 'demandCount' | 'firstSeenAt' | 'lastSeenAt' | 'status'>, evidence: DraftEvidence, reporters: ReadonlyArray<string | null> = []) {
  const clean = (text: string) => redactPersonal(text, reporters);
  const title = kind === 'proposal' ? `关于${clean(ticket.title)}的提案` : `${clean(ticket.title)}（社情民意信息）`;
  const summary = clean(ticket.summary);
  const channels = evidence.channels.map((c) => `${CHANNEL_LABEL[c.channel] ?? c.channel} ${c.count} 件`).join('、');
  const span = `${ticket.firstSeenAt.toISOString().slice(0, 10)} 至 ${ticket.lastSeenAt.toISOString().slice(0, 10)}`;
  const facts = `${ticket.district ?? '本市'}群众就「${clean(ticket.title)}」反映集中：${span}共收到诉求 ${ticket.demandCount} 件（${channels}），属「${ticket.category ?? '未分类'}」领域，目前办理状态为「${ticket.status}」。`;
  const quotes = evidence.quotes.map((q) => `- ${q.text}`).join('\n');
  const body =
    kind === 'proposal'
      ? `一、案由\n${summary}\n\n二、现状与问题\n${facts}\n\n群众原话摘录：\n${quotes}\n\n三、建议\n1. \n2. \n3. `
      : `一、基本情况\n${facts}\n\n二、群众反映\n${quotes}\n\n三、意见建议\n`;
  return { title: title.slice(0, 200), summary: summary.slice(0, 1000), body };
}
