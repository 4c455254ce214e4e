// 连心桥 DOM helpers shared by the pages: every string goes through text nodes or attributes, never innerHTML.
export const CHANNELS = { hotline: '12345热线', mailbox: '领导信箱', 'message-board': '留言板', cppcc: '政协', 'online-opinion': '网络舆情', import: '导入' };
export const STATES = [['', '全部'], ['NEW', '未读'], ['READ', '已读'], ['FOLLOWING', '关注'], ['ADOPTED', '已采纳'], ['DISMISSED', '已忽略']];
export const STATE_LABELS = Object.fromEntries(STATES.slice(1));
export const main = document.getElementById('main');

export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : value);
  }
  return fill(el, children);
}
/** Replace `el`'s children; nested arrays are flattened and null/false/'' dropped. */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat(3).filter((c) => c != null && c !== false && c !== ''));
  return el;
}
export const timeEl = (iso) => h('time', { datetime: iso },
  iso && !Number.isNaN(Date.parse(iso)) ? new Date(iso).toLocaleString('zh-CN', { dateStyle: 'short', timeStyle: 'short', hour12: false }) : '—');
export const fmtNumber = (n) => (Number.isFinite(n) ? n.toLocaleString('zh-CN', { maximumFractionDigits: 1 }) : '—');
export const statusName = (s) => (s === 'OPEN' ? '待处理' : s || '—');
export const badge = (text, cls = '') => h('span', { class: `badge ${cls}` }, text);
export const channelBadge = (c) => badge(CHANNELS[c] ?? c, CHANNELS[c] ? `ch-${c}` : '');
export const stateBadge = (s) => badge(STATE_LABELS[s] ?? s, STATE_LABELS[s] ? `state-${s}` : '');
export const pair = (label, value) => (value == null || value === '' ? null : h('div', {}, h('dt', {}, label), h('dd', {}, value)));
export const alertBox = (message) => h('p', { class: 'alert', role: 'alert' }, message);
export const heading = (text) => h('h1', { tabindex: '-1' }, text);
export const backLink = () => h('a', { class: 'back', href: '#/inbox' }, '← 返回收件箱');
export const card = (title, ...children) => h('section', { class: 'card' }, h('h2', {}, title), children);

export function setView(title, ...children) {
  document.title = `${title} · 连心桥`;
  fill(main, children);
}
