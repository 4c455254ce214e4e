// 分析看板 (analysts, admins): volumes, hot issues, rising issues, regions. Charts: ECharts from /vendor.
import { downloadFile, getAnalytics } from './client.js';
import { h, fill, fmtNumber, alertBox, heading, card, setView } from './dom.js';

let echartsLoading = null;
function loadECharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  echartsLoading ??= new Promise((resolve, reject) => {
    const script = h('script', { src: '/vendor/echarts.min.js' });
    script.onload = () => resolve(window.echarts);
    script.onerror = () => { echartsLoading = null; reject(new Error('图表库加载失败')); };
    document.head.append(script);
  });
  return echartsLoading;
}

const charts = new Set();
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
async function chart(el, option) {
  const echarts = await loadECharts();
  const instance = echarts.getInstanceByDom(el) ?? echarts.init(el, null, { renderer: 'canvas' });
  instance.setOption(option, true);
  charts.add(instance);
}

const BY = [['channel', '渠道'], ['category', '分类'], ['region', '区域']];
const dayStart = (date) => new Date(`${date}T00:00:00+08:00`).toISOString();
const dayEnd = (date) => new Date(`${date}T23:59:59.999+08:00`).toISOString();
const localDate = (t) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A table with CSV / XLSX export buttons fetching the same endpoint with ?format=. */
function tableCard(title, key, table, path, params, extra, { collapsed = false } = {}) {
  const status = h('span', { class: 'muted small', role: 'status' });
  const exportButton = (format, label) => h('button', { type: 'button', class: 'btn btn-small', 'data-export': `${key}-${format}`,
    onclick: async () => {
      status.textContent = '导出中…';
      try {
        const name = await downloadFile(`/analytics/${path}?${new URLSearchParams({ ...params, format })}`);
        status.textContent = `已导出 ${name}`;
      } catch (e) { status.textContent = `导出失败：${e.message}`; }
    } }, label);
  const rows = table?.rows ?? [];
  return h('section', { class: 'card', 'data-table': key },
    h('div', { class: 'card-head' }, h('h2', {}, title), h('div', { class: 'button-row compact' }, exportButton('csv', '导出 CSV'), exportButton('xlsx', '导出 Excel'), status)),
    extra,
    rows.length
      ? (collapsed ? (t) => h('details', {}, h('summary', {}, `查看数据表（${rows.length} 行）`), t) : (t) => t)(h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
        h('thead', {}, h('tr', {}, table.columns.map((c) => h('th', { scope: 'col' }, c.label)))),
        h('tbody', {}, rows.map((r) => h('tr', {}, table.columns.map((c) => h('td', {}, r[c.key] == null ? '—' : String(r[c.key])))))))))
      : h('p', { class: 'empty' }, '暂无数据'));
}

export async function showDashboard(params, isCurrent) {
  const today = localDate(new Date());
  const asOfDate = params.get('asOf') || today;
  const to = params.get('to') || asOfDate;
  const from = params.get('from') || localDate(new Date(Date.parse(`${to}T00:00:00+08:00`) - 29 * 86_400_000));
  const by = BY.some(([k]) => k === params.get('by')) ? params.get('by') : 'channel';
  const interval = params.get('interval') === 'week' ? 'week' : 'day';
  const method = params.get('method') === 'poisson' ? 'poisson' : 'kleinberg';
  const state = { from, to, by, interval, method, asOf: asOfDate };
  const go = (change) => { location.hash = `#/dashboard?${new URLSearchParams({ ...state, ...change })}`; };
  const range = { from: dayStart(from), to: dayEnd(to) };
  const asOf = asOfDate === today ? new Date().toISOString() : dayEnd(asOfDate);

  const fromInput = h('input', { type: 'date', id: 'dash-from', value: from });
  const toInput = h('input', { type: 'date', id: 'dash-to', value: to });
  const asOfInput = h('input', { type: 'date', id: 'dash-asof', value: asOfDate });
  const controls = h('form', { class: 'filters card', onsubmit: (e) => { e.preventDefault(); go({ from: fromInput.value, to: toInput.value, asOf: asOfInput.value || today }); } },
    h('div', { class: 'filter' }, h('label', { for: 'dash-from' }, '起始日期'), fromInput),
    h('div', { class: 'filter' }, h('label', { for: 'dash-to' }, '截止日期'), toInput),
    h('div', { class: 'filter' }, h('label', { for: 'dash-asof' }, '热点基准日'), asOfInput),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '更新')));
  const volumeBox = h('div', {}, h('p', { class: 'muted' }, '加载中…'));
  const hotBox = h('div', {}, h('p', { class: 'muted' }, '加载中…'));
  const risingBox = h('div');
  const regionBox = h('div');
  const problem = h('div');
  setView('分析看板', h('div', { class: 'view-head' }, heading('分析看板')), controls, problem, volumeBox, hotBox, risingBox, regionBox);

  try {
    const volumeParams = { ...range, by, interval };
    const hotParams = (window) => ({ window, asOf, limit: 10 });
    const [volumes, hotToday, hotWeek, rising, regions] = await Promise.all([
      getAnalytics('volumes', volumeParams), getAnalytics('hot', hotParams('today')), getAnalytics('hot', hotParams('week')),
      getAnalytics('rising', { asOf, method }), getAnalytics('regions', range),
    ]);
    if (!isCurrent()) return;
    // 诉求量
    const volumeChart = h('div', { class: 'chart', id: 'chart-volumes', role: 'img', 'aria-label': '诉求量趋势图' });
    const switcher = h('div', { class: 'tabs' },
      BY.map(([k, label]) => h('a', { href: '#', class: 'tab', 'aria-current': k === by ? 'page' : null, onclick: (e) => { e.preventDefault(); go({ by: k }); } }, `按${label}`)),
      h('a', { href: '#', class: 'tab', onclick: (e) => { e.preventDefault(); go({ interval: interval === 'day' ? 'week' : 'day' }); } }, interval === 'day' ? '按周汇总' : '按日显示'));
    fill(volumeBox, tableCard('诉求量趋势', 'volumes', volumes.table, 'volumes', volumeParams, [switcher, volumeChart], { collapsed: true }));
    chart(volumeChart, {
      tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 0 }, grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: volumes.buckets ?? [] }, yAxis: { type: 'value', minInterval: 1 },
      series: (volumes.series ?? []).slice(0, 12).map((s) => ({ name: s.label, type: 'line', stack: 'total', areaStyle: {}, smooth: true, data: s.counts })),
    }).catch((e) => fill(problem, alertBox(e.message)));
    // 热点
    // 热点问题 = the tickets of one place/organisation and category (the grouping of `eval hot`)
    const hotChart = h('div', { class: 'chart', id: 'chart-hot', role: 'img', 'aria-label': '本周热点热度图' });
    const trendChart = h('div', { class: 'chart', id: 'chart-hot-trend', role: 'img', 'aria-label': '本周前五热点每日诉求趋势' });
    const hotNote = h('p', { class: 'muted small' }, '热点问题：同一地点或单位、同一分类、90 天内的工单归为一个问题；热度综合诉求人数、重复诉求、点赞与反对、渠道数、持续时间和最近一次诉求距今的时间（半衰期 30 天）。');
    fill(hotBox,
      tableCard('今日热点', 'hot-today', hotToday.table, 'hot', hotParams('today'), hotNote),
      tableCard('本周热点', 'hot-week', hotWeek.table, 'hot', hotParams('week'), h('div', { class: 'chart-pair' }, hotChart, trendChart)));
    const top5 = (hotWeek.issues ?? []).slice(0, 5);
    const short = (title) => (title.length > 14 ? `${title.slice(0, 14)}…` : title);
    chart(trendChart, {
      tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 0 }, grid: { left: 32, right: 16, top: 36, bottom: 24 },
      xAxis: { type: 'category', data: (top5[0]?.trend ?? []).map((d) => d.date.slice(5)) }, yAxis: { type: 'value', minInterval: 1 },
      series: top5.map((i) => ({ name: short(i.title), type: 'line', smooth: true, data: i.trend.map((d) => d.count) })),
    }).catch(() => {});
    const issues = (hotWeek.issues ?? []).slice(0, 10).reverse();
    chart(hotChart, {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value' }, yAxis: { type: 'category', data: issues.map((i) => short(i.title)) },
      series: [{ name: '热度', type: 'bar', data: issues.map((i) => i.heat), label: { show: true, position: 'right' } }],
    }).catch(() => {});
    // 上升问题
    const methodSelect = h('select', { id: 'rising-method', onchange: () => go({ method: methodSelect.value }) },
      h('option', { value: 'kleinberg', selected: method === 'kleinberg' }, 'Kleinberg 突发检测（默认）'),
      h('option', { value: 'poisson', selected: method === 'poisson' }, '泊松 z 检验'));
    fill(risingBox, tableCard('上升问题（分类 × 区域，近7天对比前8周）', 'rising', rising.table, 'rising', { asOf, method },
      h('div', { class: 'filters' }, h('label', { for: 'rising-method' }, '检测方法'), methodSelect)));
    // 区域
    const regionChart = h('div', { class: 'chart', id: 'chart-regions', role: 'img', 'aria-label': '各区域诉求量' });
    fill(regionBox, tableCard('区域分布', 'regions', regions.table, 'regions', range, regionChart));
    const regionRows = regions.table?.rows ?? [];
    chart(regionChart, {
      tooltip: { trigger: 'axis' }, grid: { left: 40, right: 16, top: 16, bottom: 40 },
      xAxis: { type: 'category', data: regionRows.map((r) => r.region), axisLabel: { rotate: regionRows.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: '诉求数', type: 'bar', data: regionRows.map((r) => r.demands) }, { name: '工单数', type: 'bar', data: regionRows.map((r) => r.tickets) }],
    }).catch(() => {});
    fill(problem, h('p', { class: 'muted small' }, `统计区间 ${from} 至 ${to}，共 ${fmtNumber((volumes.table?.rows ?? []).reduce((s, r) => s + (r.total ?? 0), 0))} 条诉求。分析数据不含任何个人信息。`));
  } catch (e) {
    if (isCurrent()) fill(problem, alertBox(e.message));
  }
}
