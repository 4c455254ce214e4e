import type { MergeOutcome } from './merge-engine.ts';

/** Why a demand is in its ticket, as stored in Demand.mergeReason and shown in the inbox and API. */
export interface MergeReason {
  /** 0 for a new ticket; 0.4–1 for a merge (near-duplicates ≥ 0.9). */
  score: number;
  /** Rule that decided: new-ticket, near-duplicate, shared-place-same-problem, same-problem-text, same-title, manual-merge, manual-split. */
  reason: string;
  sharedPlaces: string[];
  passages: string[];
  representativeDemandId?: string;
  /** Human-readable summary (Chinese, for the inbox). */
  detail?: string;
}

const DETAIL: Record<string, string> = {
  'new-ticket': '未找到同一问题的工单，新建工单',
  'near-duplicate': '与工单代表诉求内容几乎相同',
  'shared-place-same-problem': '与工单代表诉求涉及同一地点/单位的同一问题',
  'same-problem-text': '与工单代表诉求描述的问题高度相似',
  'same-title': '与工单代表诉求标题相近且问题相似',
  'manual-merge': '由管理员手工合并',
  'manual-split': '由管理员从原工单拆分',
};

export function mergeReasonOf(outcome: Pick<MergeOutcome, 'explanation'>): MergeReason {
  const e = outcome.explanation;
  return {
    score: Math.round(e.score * 1000) / 1000,
    reason: e.rule,
    sharedPlaces: e.sharedPlaces,
    passages: e.similarPassages,
    ...(e.representativeId ? { representativeDemandId: e.representativeId } : {}),
    detail: DETAIL[e.rule] ?? e.rule,
  };
}

/** The stable view of a stored mergeReason (older rows used `rule`), or null. */
export function mergeView(stored: unknown): MergeReason | null {
  if (!stored || typeof stored !== 'object') return null;
  const r = stored as Record<string, unknown>;
  const reason = typeof r.reason === 'string' ? r.reason : typeof r.rule === 'string' ? r.rule : 'unknown';
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    score: typeof r.score === 'number' ? r.score : 0,
    reason,
    sharedPlaces: strings(r.sharedPlaces),
    passages: strings(r.passages),
    ...(typeof r.representativeDemandId === 'string' ? { representativeDemandId: r.representativeDemandId } : {}),
    detail: typeof r.detail === 'string' ? r.detail : (DETAIL[reason] ?? reason),
  };
}
