// 连心桥 · 民意诉求 — single-page app. Routes: #/inbox?state=&category=&page=, #/item/:id; login shows when logged out.
import { getSession, saveSession, clearSession, setUnauthorizedHandler, login, logout, getInbox, getItem, postAction } from './client.js';

const CHANNELS = { hotline: '12345热线', mailbox: '领导信箱', 'message-board': '留言板', cppcc: '政协', 'online-opinion': '网络舆情', import: '导入' };
const STATES = [['', '全部'], ['NEW', '未读'], ['READ', '已读'], ['FOLLOWING', '关注'], ['ADOPTED', '已采纳'], ['DISMISSED', '已忽略']];
const STATE_LABELS = Object.fromEntries(STATES.slice(1));
const NOTE_ACTIONS = new Set(['comment', 'dismiss', 'adopt']); // actions whose note field is sent
const ACTION_LABELS = { read: '标记已读', follow: '关注', unfollow: '取消关注', comment: '备注', dismiss: '忽略', adopt: '采纳' };
const ROLE_LABELS = { member: '委员', analyst: '分析员', admin: '管理员' };
const PAGE_SIZE = 20;
const REFRESH_MS = 15_000;

const main = document.getElementById('main');
const knownCategories = new Set();
let renderSeq = 0; // bumped on every route change so stale responses are dropped
let refreshTimer = null;
let flash = ''; // one-off message for the login page

// ---- DOM helpers: every string goes through text nodes or attributes, never innerHTML ----
function h(tag, props = {}, ...children) {
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
function fill(el, ...children) {
  el.replaceChildren(...children.flat(3).filter((c) => c != null && c !== false && c !== ''));
  return el;
}
const timeEl = (iso) => h('time', { datetime: iso },
  iso && !Number.isNaN(Date.parse(iso)) ? new Date(iso).toLocaleString('zh-CN', { dateStyle: 'short', timeStyle: 'short', hour12: false }) : '—');
const fmtNumber = (n) => (Number.isFinite(n) ? n.toLocaleString('zh-CN', { maximumFractionDigits: 1 }) : '—');
const statusName = (s) => (s === 'OPEN' ? '待处理' : s || '—');
const badge = (text, cls = '') => h('span', { class: `badge ${cls}` }, text);
const channelBadge = (c) => badge(CHANNELS[c] ?? c, CHANNELS[c] ? `ch-${c}` : '');
const stateBadge = (s) => badge(STATE_LABELS[s] ?? s, STATE_LABELS[s] ? `state-${s}` : '');
const pair = (label, value) => (value == null || value === '' ? null : h('div', {}, h('dt', {}, label), h('dd', {}, value)));
const alertBox = (message) => h('p', { class: 'alert', role: 'alert' }, message);
const heading = (text) => h('h1', { tabindex: '-1' }, text);
const backLink = () => h('a', { class: 'back', href: '#/inbox' }, '← 返回收件箱');

function setView(title, ...children) {
  document.title = `${title} · 连心桥`;
  fill(main, children);
}
/** Re-focus the element carrying `data-key` after a re-render; otherwise optionally the page heading. */
function restoreFocus(key, fallbackToHeading) {
  const target = key && main.querySelector(`[data-key="${CSS.escape(key)}"]`);
  if (target) target.focus();
  else if (fallbackToHeading) main.querySelector('h1')?.focus();
}
// A malformed escape is passed through as-is; the server then answers 404.
const safeDecode = (text) => { try { return decodeURIComponent(text); } catch { return text; } };
function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

// ---- Router ----
function route() {
  clearInterval(refreshTimer);
  const seq = ++renderSeq;
  const focusKey = document.activeElement?.dataset?.key;
  const session = getSession();
  document.getElementById('session').hidden = !session;
  if (!session) return showLogin();
  const { name, username, role } = session.user ?? {};
  document.getElementById('user-name').textContent = [name || username, ROLE_LABELS[role]].filter(Boolean).join(' · ');
  const [path, query = ''] = location.hash.slice(1).split('?');
  if (path.startsWith('/item/')) return showDetail(safeDecode(path.slice('/item/'.length)), seq);
  return showInbox(new URLSearchParams(query), seq, focusKey);
}

// ---- 登录 ----
function showLogin() {
  const message = h('p', { class: 'alert', role: 'alert', hidden: !flash }, flash);
  flash = '';
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', autocapitalize: 'off', spellcheck: 'false', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, '登录');
  const onsubmit = async (event) => {
    event.preventDefault();
    Object.assign(submit, { textContent: '登录中…', disabled: true });
    try {
      const { token, expiresAt, user } = await login(username.value.trim(), password.value);
      saveSession({ token, expiresAt, user });
      navigate(location.hash.startsWith('#/') ? location.hash : '#/inbox');
    } catch (e) {
      Object.assign(message, { textContent: e.status === 401 ? '用户名或密码错误' : e.message, hidden: false });
      Object.assign(submit, { textContent: '登录', disabled: false });
      password.value = '';
      password.focus();
    }
  };
  setView('登录',
    h('form', { class: 'card login', onsubmit },
      heading('登录连心桥'),
      h('p', { class: 'muted' }, '登录后查看推送给您的民意诉求。'),
      message,
      h('div', { class: 'field' }, h('label', { for: 'username' }, '用户名'), username),
      h('div', { class: 'field' }, h('label', { for: 'password' }, '密码'), password),
      submit));
  username.focus();
}

// ---- 民意诉求收件箱 ----
const inboxHash = ({ state, category, page }) => {
  const q = new URLSearchParams({ ...(state && { state }), ...(category && { category }), ...(page > 1 && { page }) });
  return q.toString() ? `#/inbox?${q}` : '#/inbox';
};

function showInbox(params, seq, focusKey) {
  const state = STATE_LABELS[params.get('state')] ? params.get('state') : '';
  const category = params.get('category') ?? '';
  const page = Math.max(1, Number.parseInt(params.get('page'), 10) || 1);
  if (category) knownCategories.add(category);
  const tabs = h('nav', { class: 'tabs', 'aria-label': '按状态筛选' });
  const select = h('select', { id: 'category', 'data-key': 'category',
    onchange: () => navigate(inboxHash({ state, category: select.value, page: 1 })) });
  const updatedAt = h('span', { class: 'muted small' });
  const problem = h('div');
  const list = h('div', { class: 'list' }, h('p', { class: 'muted' }, '加载中…'));
  const fillCategories = () => fill(select, h('option', { value: '' }, '全部分类'),
    [...knownCategories].sort((a, b) => a.localeCompare(b, 'zh-CN')).map((c) => h('option', { value: c, selected: c === category }, c)));
  fillCategories();

  async function load(initial) {
    const key = initial ? focusKey : document.activeElement?.dataset?.key;
    try {
      const data = await getInbox({ ...(state && { state }), ...(category && { category }), page, pageSize: PAGE_SIZE });
      if (seq !== renderSeq) return;
      const items = data.items ?? [];
      const before = knownCategories.size;
      items.forEach((item) => item.ticket?.category && knownCategories.add(item.ticket.category));
      if (knownCategories.size !== before) fillCategories();
      renderTabs(tabs, data.counts ?? {}, state, category);
      fill(list, renderList(items, data.total ?? 0, page, data.pageSize || PAGE_SIZE, { state, category }));
      fill(problem);
      updatedAt.textContent = `更新于 ${new Date().toLocaleTimeString('zh-CN', { hour12: false })}`;
      restoreFocus(key, initial);
    } catch (e) {
      if (seq !== renderSeq) return;
      fill(problem, alertBox(initial ? e.message : `自动刷新失败：${e.message}`));
      if (initial) fill(list, h('button', { type: 'button', class: 'btn', onclick: () => navigate(location.hash) }, '重试'));
    }
  }

  setView('民意诉求收件箱',
    h('div', { class: 'view-head' }, heading('民意诉求收件箱'),
      h('div', { class: 'refresh' }, updatedAt, h('button', { type: 'button', class: 'btn', 'data-key': 'refresh', onclick: () => load(false) }, '刷新'))),
    tabs,
    h('div', { class: 'filters' }, h('label', { for: 'category' }, '分类'), select),
    problem, list);
  load(true);
  refreshTimer = setInterval(() => document.hidden || load(false), REFRESH_MS);
}

function renderTabs(nav, counts, current, category) {
  const total = Object.values(counts).reduce((sum, n) => sum + (Number(n) || 0), 0);
  fill(nav, STATES.map(([state, label]) =>
    h('a', { href: inboxHash({ state, category }), class: 'tab', 'data-key': `tab-${state || 'ALL'}`, 'aria-current': state === current ? 'page' : null },
      label, h('span', { class: 'count' }, fmtNumber(state ? Number(counts[state]) || 0 : total)))));
}

function renderList(items, total, page, pageSize, filters) {
  if (!items.length) {
    const emptyText = filters.state || filters.category ? '当前筛选条件下暂无诉求' : '暂无诉求';
    return [h('p', { class: 'empty' }, page > 1 && total ? '此页没有内容。' : emptyText),
      page > 1 && h('a', { href: inboxHash({ ...filters, page: 1 }) }, '返回第一页')];
  }
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const pageLink = (target, label, key) => (target >= 1 && target <= pages
    ? h('a', { class: 'btn', href: inboxHash({ ...filters, page: target }), 'data-key': key }, label)
    : h('span', { class: 'btn', 'aria-disabled': 'true' }, label));
  return [
    h('ul', { class: 'items' }, items.map(itemCard)),
    h('nav', { class: 'pager', 'aria-label': '分页' },
      pageLink(page - 1, '上一页', 'page-prev'),
      h('span', { class: 'muted' }, `第 ${page} / ${pages} 页 · 共 ${total} 条`),
      pageLink(page + 1, '下一页', 'page-next')),
  ];
}

function itemCard(item) {
  const t = item.ticket ?? {};
  return h('li', { class: `item card${item.state === 'NEW' ? ' is-new' : ''}` },
    h('div', { class: 'item-head' },
      h('h2', { class: 'item-title' }, h('a', { href: `#/item/${encodeURIComponent(item.id)}`, 'data-key': `item-${item.id}` }, t.title || '（无标题）')),
      stateBadge(item.state),
      item.updated && badge('有更新', 'badge-updated')),
    t.summary && h('p', { class: 'summary' }, t.summary),
    h('div', { class: 'badges' }, (t.channels ?? []).map(channelBadge)),
    h('dl', { class: 'meta' },
      pair('分类', t.category || '未分类'), pair('区域', t.district || '—'), pair('诉求数', fmtNumber(t.demandCount)),
      pair('热度', fmtNumber(t.heat)), pair('状态', statusName(t.status)), pair('推送时间', timeEl(item.pushedAt))));
}

// ---- 工单详情 ----
async function showDetail(id, seq, notice) {
  if (!notice) setView('工单详情', backLink(), h('p', { class: 'muted' }, '加载中…'));
  try {
    let data = await getItem(id);
    if (seq !== renderSeq) return;
    if (data.item?.state === 'NEW') {
      // Opening an unread item marks it read; if that fails the 标记已读 button stays available.
      const read = await postAction(id, { action: 'read' }).catch(() => null);
      if (read && seq === renderSeq) data = await getItem(id);
    }
    if (seq === renderSeq) renderDetail(id, data, seq, notice);
  } catch (e) {
    if (seq === renderSeq) setView('工单详情', backLink(), heading('工单详情'), alertBox(e.message));
  }
  if (!notice && seq === renderSeq) main.querySelector('h1')?.focus();
}

function renderDetail(id, { item, ticket, actions }, seq, notice) {
  const t = ticket ?? item.ticket ?? {};
  const demands = t.demands ?? [];
  const byChannel = new Map();
  for (const d of demands) byChannel.set(d.channel, [...(byChannel.get(d.channel) ?? []), d]);
  setView(t.title || '工单详情', backLink(),
    h('article', { class: 'detail' },
      h('header', { class: 'card' },
        heading(t.title || '（无标题）'),
        h('div', { class: 'badges' }, stateBadge(item.state), item.updated && badge('有更新', 'badge-updated'), (t.channels ?? []).map(channelBadge)),
        t.summary && h('p', { class: 'summary' }, t.summary),
        h('dl', { class: 'meta' },
          pair('工单编号', t.id), pair('分类', t.category || '未分类'), pair('区域', t.district || '—'), pair('状态', statusName(t.status)),
          pair('诉求数', fmtNumber(t.demandCount)), pair('热度', fmtNumber(t.heat)), pair('首次出现', timeEl(t.firstSeenAt)),
          pair('最近出现', timeEl(t.lastSeenAt)), pair('推送时间', timeEl(item.pushedAt)))),
      card('推送原因', h('p', {}, item.reason || '—')),
      actionPanel(id, item, seq, notice),
      card(`合并诉求（${demands.length}）`, demands.length
        ? [...byChannel].map(([channel, list]) => h('section', { class: 'group' },
          h('h3', {}, channelBadge(channel), ` ${list.length} 条`), h('ol', { class: 'demands' }, list.map(demandItem))))
        : h('p', { class: 'empty' }, '暂无诉求')),
      card('办理进度', history(t.statusEvents, (e) => [statusName(e.status), e.occurredAt, e.origin], '暂无办理记录')),
      card('我的处理记录', history(actions, (a) => [ACTION_LABELS[a.action] ?? a.action, a.createdAt], '暂无处理记录'))));
  if (notice) main.querySelector('.notice')?.focus();
}

const card = (title, ...children) => h('section', { class: 'card' }, h('h2', {}, title), children);

/** A dated list (status timeline, action log); `describe(entry)` gives [label, isoTime, origin?]. */
function history(entries, describe, emptyText) {
  if (!entries?.length) return h('p', { class: 'empty' }, emptyText);
  return h('ol', { class: 'timeline' }, entries.map((entry) => {
    const [label, at, origin] = describe(entry);
    return h('li', {}, h('strong', {}, label), ' ', timeEl(at), origin && h('span', { class: 'muted' }, ` · ${origin}`), entry.note && h('p', {}, entry.note));
  }));
}

function demandItem(d) {
  const confidence = Number.isFinite(d.categoryConfidence) ? `（置信度 ${Math.round(d.categoryConfidence * 100)}%）` : '';
  return h('li', { class: 'demand' },
    h('div', { class: 'demand-head' }, h('strong', {}, d.title || '（无标题）'), timeEl(d.occurredAt)),
    h('p', { class: 'content' }, d.content),
    h('dl', { class: 'meta' },
      pair('来源', d.source), pair('诉求人', d.reporter), pair('电话', d.phone),
      pair('地点', [d.district, d.street, d.address].filter(Boolean).join(' ')),
      pair('分类', d.category && `${d.category}${confidence}`)));
}

function actionPanel(id, item, seq, notice) {
  const closed = item.state === 'ADOPTED' || item.state === 'DISMISSED';
  const note = h('textarea', { id: 'note', rows: '3', maxlength: '2000', 'aria-describedby': 'note-hint' });
  const message = h('p', { class: 'notice', role: 'status', tabindex: '-1' }, notice);
  const say = (text, isError) => { message.textContent = text; message.classList.toggle('error', isError); };
  const buttons = [];
  const button = (label, body, { needsNote, confirmText, primary } = {}) => {
    const onclick = async () => {
      const text = note.value.trim();
      if (needsNote && !text) {
        say(needsNote, true);
        return note.focus();
      }
      if (confirmText && !window.confirm(confirmText)) return;
      buttons.forEach((b) => { b.disabled = true; });
      say('提交中…', false);
      try {
        await postAction(id, NOTE_ACTIONS.has(body.action) && text ? { ...body, note: text } : body);
        if (seq === renderSeq) showDetail(id, seq, `${label}：操作成功`);
      } catch (e) {
        say(e.message, true);
        buttons.forEach((b) => { b.disabled = false; });
      }
    };
    buttons.push(h('button', { type: 'button', class: primary ? 'btn btn-primary' : 'btn', onclick }, label));
    return buttons.at(-1);
  };
  return card('处理',
    closed && h('p', { class: 'muted' }, `该诉求${STATE_LABELS[item.state]}，可继续添加备注。`),
    h('div', { class: 'field' }, h('label', { for: 'note' }, '备注 / 理由'),
      h('p', { class: 'muted small', id: 'note-hint' }, '添加备注、忽略时必填；形成提案或社情民意时可选填说明。'), note),
    message,
    h('div', { class: 'button-row' },
      item.state === 'NEW' && button('标记已读', { action: 'read' }),
      item.state === 'FOLLOWING' ? button('取消关注', { action: 'unfollow' }) : !closed && button('关注', { action: 'follow' }),
      button('添加备注', { action: 'comment' }, { needsNote: '请先填写备注内容' }),
      !closed && button('忽略', { action: 'dismiss' }, { needsNote: '请填写忽略理由', confirmText: '确定忽略该诉求？' }),
      !closed && button('形成提案', { action: 'adopt', kind: 'proposal' }, { primary: true, confirmText: '确定据此形成提案？' }),
      !closed && button('形成社情民意', { action: 'adopt', kind: 'social-report' }, { primary: true, confirmText: '确定据此形成社情民意信息？' })));
}

// ---- Boot ----
setUnauthorizedHandler(() => {
  flash = '登录已过期，请重新登录';
  route();
});
document.getElementById('logout').addEventListener('click', async () => {
  await logout().catch(() => {});
  clearSession();
  flash = '您已退出登录';
  navigate('#/inbox');
});
window.addEventListener('hashchange', route);
route();
