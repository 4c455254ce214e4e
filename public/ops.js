// 运维 (admins): connector health, queue depths and failed jobs, quarantine with re-drive.
import { getConnectors, getJobs, getQuarantine, redrive, getSession } from './client.js';
import { h, fill, timeEl, fmtNumber, alertBox, heading, card, setView } from './dom.js';

const table = (columns, rows) => (rows.length
  ? h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, columns.map(([, label]) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, columns.map(([key]) => h('td', {}, typeof key === 'function' ? key(r) : (r[key] ?? '—'))))))))
  : h('p', { class: 'empty' }, '暂无'));

const STAGES = { normalise: '标准化', classify: '分类', merge: '合并', route: '分派', push: '推送', 'status-sync': '状态回传' };
const stageName = (r) => (STAGES[r.stage] ? `${STAGES[r.stage]}（${r.stage}）` : r.stage);

const summarize = (value) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text && text.length > 160 ? `${text.slice(0, 160)}…` : text ?? '';
};

export function showOps(isCurrent, every) {
  const boxes = { jobs: h('div'), connectors: h('div'), quarantine: h('div') };
  const problem = h('div');
  setView('运维', h('div', { class: 'view-head' }, heading('运维'), h('button', { type: 'button', class: 'btn', onclick: () => load() }, '刷新')), problem, boxes.jobs, boxes.connectors, boxes.quarantine);

  async function load() {
    try {
      const [jobs, connectors, quarantine] = await Promise.all([getJobs(), getConnectors(), getQuarantine()]);
      if (!isCurrent()) return;
      const counts = Object.entries(jobs.counts ?? {}).map(([stage, c]) => ({ stage, ...c }));
      const redis = jobs.engine === 'bullmq';
      const openBoard = () => {
        document.cookie = `lianxin_board=${encodeURIComponent(getSession()?.token ?? '')}; path=/admin/queues; SameSite=Strict`;
        window.open('/admin/queues', '_blank', 'noopener');
      };
      fill(boxes.jobs, card(`队列（${redis ? 'Redis / BullMQ' : '内置队列'}）`,
        redis && h('p', {}, h('button', { type: 'button', class: 'btn', onclick: openBoard }, '打开 Bull Board 队列面板')),
        table([[stageName, '阶段'], ['waiting', '等待'], ['active', '处理中'], ['delayed', '延迟'], ['failed', '失败'], ['completed', '已完成']], counts),
        h('h3', {}, `失败任务（${(jobs.failed ?? []).length}）`),
        table([[stageName, '阶段'], ['jobId', '任务'], [(j) => summarize(j.reason ?? j.error ?? j.failedReason), '原因'], [(j) => fmtNumber(j.attempts ?? j.attemptsMade), '尝试次数'], [(j) => timeEl(j.failedAt ?? j.finishedOn), '时间']], jobs.failed ?? [])));
      const list = connectors.connectors ?? connectors.items ?? (Array.isArray(connectors) ? connectors : []);
      const sources = connectors.sources ?? [];
      fill(boxes.connectors, card('连接器状态',
        list.length ? table([['name', '连接器'], [(c) => summarize(c.cursor), '游标'], [(c) => (c.lag == null ? '—' : fmtNumber(c.lag)), '积压'], [(c) => timeEl(c.lastSuccessAt), '最近成功'], [(c) => summarize(c.lastError) || '—', '最近错误']], list)
          : h('p', { class: 'empty' }, '暂无轮询或 Kafka 连接器运行记录'),
        sources.length > 0 && table([['source', '来源'], ['received', '接收'], ['accepted', '接受'], ['quarantined', '隔离']], sources)));
      const items = quarantine.items ?? [];
      fill(boxes.quarantine, card(`隔离区（${items.length}）`, table([
        ['source', '来源'], ['sourceRef', '编号'], [(r) => timeEl(r.receivedAt), '接收时间'], [(r) => summarize(r.reason), '原因'],
        [(r) => h('button', { type: 'button', class: 'btn btn-small', 'data-redrive': r.id, onclick: async (e) => {
          e.target.disabled = true;
          try { await redrive(r.id); e.target.textContent = '已重新处理'; } catch (err) { e.target.textContent = `失败：${err.message}`; e.target.disabled = false; }
        } }, '重新处理'), '操作'],
      ], items)));
      fill(problem);
    } catch (e) {
      if (isCurrent()) fill(problem, alertBox(e.message));
    }
  }
  load();
  every(() => document.hidden || load(), 15_000);
}
