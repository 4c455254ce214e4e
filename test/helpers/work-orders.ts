/** Realistic 12345 work orders for tests (fictional people and numbers). */
export function workOrder(no: number, overrides: Record<string, unknown> = {}) {
  const issue = no % 7;
  return {
    workOrderNo: `WO2026${String(no).padStart(7, '0')}`,
    acceptTime: `2026-11-${String(10 + (no % 10)).padStart(2, '0')} 09:${String(no % 60).padStart(2, '0')}:00`,
    title: `A${issue + 1}区第${issue}号问题`,
    content: `市民来电反映：A${issue + 1}区幸福路${issue}号附近的路灯损坏已有两周，夜间出行不安全，工单序号${no}。来电人希望尽快维修。`,
    callerName: '王小明',
    callerPhone: `139${String(10_000_000 + no).slice(-8)}`,
    district: `A${issue + 1}区`,
    category: '城乡建设/市政设施',
    intake: '电话',
    ...overrides,
  };
}
