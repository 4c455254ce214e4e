// 连心桥 · 民意诉求 — single-page app. Routes: #/inbox?state=&category=&page=, #/item/:id; login shows when logged out.
import { getSession, saveSession, clearSession, setUnauthorizedHandler, login, logout, getInbox, getItem, postAction, listDrafts } from './client.js';
import { CHANNELS, STATES, STATE_LABELS, main, h, fill, timeEl, fmtNumber, statusName, badge, channelBadge, stateBadge, pair, alertBox, heading, backLink, card, setView } from './dom.js';
import { showDraft, showDrafts } from './draft.js';
import { showDashboard } from './dashboard.js';
import { showOps } from './ops.js';

const NOTE_ACTIONS = new Set(['comment', 'dismiss', 'adopt']); // actions whose note field is sent
const ACTION_LABELS = { read: '标记已读', follow: '关注', unfollow: '取消关注', comment: '备注', dismiss: '忽略', adopt: '采纳' };
const ROLE_LABELS = { member: '委员', analyst: '分析员', admin: '管理员' };
const PAGE_SIZE = 20;
const REFRESH_MS = 15_000;

const knownCategories = new Set();
let renderSeq = 0; // bumped on every route change so stale responses are dropped
let refreshTimer = null;
let flash = ''; // one-off message for the login page


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
const HOME = { member: '#/inbox', analyst: '#/dashboard', admin: '#/ops' };
const NAV = {
  member: [['#/inbox', '收件箱'], ['#/drafts', '我的草稿']],
  analyst: [['#/dashboard', '分析看板']],
  admin: [['#/dashboard', '分析看板'], ['#/ops', '运维']],
};

function renderNav(role, path) {
  const nav = document.getElementById('nav');
  fill(nav, (NAV[role] ?? []).map(([href, label]) =>
    h('a', { href, class: 'nav-link', 'aria-current': path.startsWith(href.slice(1)) ? 'page' : null }, label)));
  nav.hidden = !(NAV[role] ?? []).length;
}

function route() {
  clearInterval(refreshTimer);
  const seq = ++renderSeq;
  const focusKey = document.activeElement?.dataset?.key;
  const session = getSession();
  document.getElementById('session').hidden = !session;
  document.getElementById('nav').hidden = !session;
  if (!session) return showLogin();
  const { name, username, role } = session.user ?? {};
  document.getElementById('user-name').textContent = [name || username, ROLE_LABELS[role]].filter(Boolean).join(' · ');
  const [path, query = ''] = location.hash.slice(1).split('?');
  renderNav(role, path);
  const isCurrent = () => seq === renderSeq;
  if (path.startsWith('/item/')) return showDetail(safeDecode(path.slice('/item/'.length)), seq);
  if (path.startsWith('/draft/')) return showDraft(safeDecode(path.slice('/draft/'.length)), isCurrent);
  if (path === '/drafts') return showDrafts(isCurrent);
  if (path === '/dashboard' && (role === 'analyst' || role === 'admin')) return showDashboard(new URLSearchParams(query), isCurrent);
  if (path === '/ops' && role === 'admin') return showOps(isCurrent, (fn, ms) => { refreshTimer = setInterval(fn, ms); });
  if (role !== 'member' && HOME[role] && location.hash !== HOME[role]) return navigate(HOME[role]);
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
const FILTER_KEYS = ['state', 'category', 'region', 'minHeat', 'from', 'to'];
const inboxHash = (filters) => {
  const q = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) q.set(key, filters[key]);
  if (filters.page > 1) q.set('page', filters.page);
  return q.toString() ? `#/inbox?${q}` : '#/inbox';
};
const knownRegions = new Set();
/** Local date 'YYYY-MM-DD' → ISO instant at the start (or end) of that China day. */
const dayBound = (date, end) => (date ? new Date(`${date}T${end ? '23:59:59.999' : '00:00:00'}+08:00`).toISOString() : undefined);

function showInbox(params, seq, focusKey) {
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? '']));
  if (!STATE_LABELS[filters.state]) filters.state = '';
  const page = Math.max(1, Number.parseInt(params.get('page'), 10) || 1);
  if (filters.category) knownCategories.add(filters.category);
  if (filters.region) knownRegions.add(filters.region);
  const tabs = h('nav', { class: 'tabs', 'aria-label': '按状态筛选' });
  const select = h('select', { id: 'category', name: 'category', 'data-key': 'category' });
  const region = h('select', { id: 'region', name: 'region', 'data-key': 'region' });
  const minHeat = h('input', { id: 'minHeat', name: 'minHeat', type: 'number', min: '0', step: '0.5', inputmode: 'decimal', value: filters.minHeat, placeholder: '不限' });
  const from = h('input', { id: 'from', name: 'from', type: 'date', value: filters.from });
  const to = h('input', { id: 'to', name: 'to', type: 'date', value: filters.to });
  const updatedAt = h('span', { class: 'muted small' });
  const problem = h('div');
  const list = h('div', { class: 'list' }, h('p', { class: 'muted' }, '加载中…'));
  const options = (el, set, allLabel, current) => fill(el, h('option', { value: '' }, allLabel),
    [...set].sort((a, b) => a.localeCompare(b, 'zh-CN')).map((c) => h('option', { value: c, selected: c === current }, c)));
  const fillOptions = () => { options(select, knownCategories, '全部分类', filters.category); options(region, knownRegions, '全部区域', filters.region); };
  fillOptions();
  const apply = (event) => {
    event?.preventDefault();
    navigate(inboxHash({ state: filters.state, category: select.value, region: region.value, minHeat: minHeat.value, from: from.value, to: to.value, page: 1 }));
  };
  select.addEventListener('change', apply);
  region.addEventListener('change', apply);

  async function load(initial) {
    const key = initial ? focusKey : document.activeElement?.dataset?.key;
    try {
      const query = { ...(filters.state && { state: filters.state }), ...(filters.category && { category: filters.category }), ...(filters.region && { region: filters.region }),
        ...(filters.minHeat && { minHeat: filters.minHeat }), ...(filters.from && { from: dayBound(filters.from) }), ...(filters.to && { to: dayBound(filters.to, true) }), page, pageSize: PAGE_SIZE };
      const data = await getInbox(query);
      if (seq !== renderSeq) return;
      const items = data.items ?? [];
      const before = knownCategories.size + knownRegions.size;
      items.forEach((item) => { item.ticket?.category && knownCategories.add(item.ticket.category); item.ticket?.district && knownRegions.add(item.ticket.district); });
      if (knownCategories.size + knownRegions.size !== before) fillOptions();
      renderTabs(tabs, data.counts ?? {}, filters.state, filters);
      fill(list, renderList(items, data.total ?? 0, page, data.pageSize || PAGE_SIZE, filters));
      fill(problem);
      updatedAt.textContent = `更新于 ${new Date().toLocaleTimeString('zh-CN', { hour12: false })}`;
      restoreFocus(key, initial);
    } catch (e) {
      if (seq !== renderSeq) return;
      fill(problem, alertBox(initial ? e.message : `自动刷新失败：${e.message}`));
      if (initial) fill(list, h('button', { type: 'button', class: 'btn', onclick: () => navigate(location.hash) }, '重试'));
    }
  }

  const field = (id, label, control) => h('div', { class: 'filter' }, h('label', { for: id }, label), control);
  const active = ['category', 'region', 'minHeat', 'from', 'to'].filter((k) => filters[k]).length;
  setView('民意诉求收件箱',
    h('div', { class: 'view-head' }, heading('民意诉求收件箱'),
      h('div', { class: 'refresh' }, updatedAt, h('button', { type: 'button', class: 'btn', 'data-key': 'refresh', onclick: () => load(false) }, '刷新'))),
    tabs,
    h('details', { class: 'filter-box', open: active > 0 || window.innerWidth >= 768 },
      h('summary', {}, active ? `筛选（已选 ${active} 项）` : '筛选'),
      h('form', { class: 'filters', onsubmit: apply },
        field('category', '分类', select), field('region', '区域', region), field('minHeat', '最低热度', minHeat),
        field('from', '起始日期', from), field('to', '截止日期', to),
        h('div', { class: 'filter-actions' },
          h('button', { type: 'submit', class: 'btn btn-primary', 'data-key': 'apply' }, '筛选'),
          active > 0 && h('a', { class: 'btn', href: inboxHash({ state: filters.state }) }, '清除')))),
    problem, list);
  load(true);
  refreshTimer = setInterval(() => document.hidden || load(false), REFRESH_MS);
}

function renderTabs(nav, counts, current, filters) {
  const total = Object.values(counts).reduce((sum, n) => sum + (Number(n) || 0), 0);
  fill(nav, STATES.map(([state, label]) =>
    h('a', { href: inboxHash({ ...filters, state, page: 1 }), class: 'tab', 'data-key': `tab-${state || 'ALL'}`, 'aria-current': state === current ? 'page' : null },
      label, h('span', { class: 'count' }, fmtNumber(state ? Number(counts[state]) || 0 : total)))));
}

function renderList(items, total, page, pageSize, filters) {
  if (!items.length) {
    const emptyText = FILTER_KEYS.some((k) => filters[k]) ? '当前筛选条件下暂无诉求' : '暂无诉求';
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

function renderDetail(id, { item, ticket, actions, similarTickets }, seq, notice) {
  const t = ticket ?? item.ticket ?? {};
  const similar = similarTickets ?? t.similarTickets ?? [];
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
      card(`相似历史工单（${similar.length}）`, similarList(similar)),
      draftLinks(t.id),
      card('办理进度', history(t.statusEvents, (e) => [statusName(e.status), e.occurredAt, e.origin], '暂无办理记录')),
      card('我的处理记录', history(actions, (a) => [ACTION_LABELS[a.action] ?? a.action, a.createdAt], '暂无处理记录'))));
  if (notice) main.querySelector('.notice')?.focus();
}


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
      pair('分类', d.category && `${d.category}${confidence}`)),
    mergeNote(d.merge ?? null));
}

/** Why this demand was merged into the ticket: score, reason, shared places, similar passages. */
function mergeNote(merge) {
  if (!merge) return null;
  const score = Number.isFinite(merge.score) ? `相似度 ${Math.round(merge.score * 100)}%` : '';
  return h('details', { class: 'merge-note' },
    h('summary', {}, `合并依据${score ? `（${score}）` : ''}`),
    merge.reason && h('p', {}, merge.reason),
    merge.sharedPlaces?.length > 0 && h('p', {}, '共同地点：', merge.sharedPlaces.map((p) => badge(p, 'badge-place'))),
    merge.passages?.length > 0 && h('ul', { class: 'passages' }, merge.passages.map((p) => h('li', {}, typeof p === 'string' ? p : [p.a ?? p.text ?? '', p.b ? ` ↔ ${p.b}` : '']))));
}

function similarList(similar) {
  if (!similar.length) return h('p', { class: 'empty' }, '暂无相似的历史工单');
  return h('ul', { class: 'similar' }, similar.map((s) => h('li', {},
    h('strong', {}, s.title || '（无标题）'),
    h('dl', { class: 'meta' },
      pair('相似度', Number.isFinite(s.score ?? s.similarity) ? `${Math.round((s.score ?? s.similarity) * 100)}%` : null),
      pair('状态', statusName(s.status)), pair('分类', s.category), pair('区域', s.district),
      pair('诉求数', s.demandCount != null ? fmtNumber(s.demandCount) : null), pair('最近出现', s.lastSeenAt ? timeEl(s.lastSeenAt) : null)),
    s.summary && h('p', { class: 'summary' }, s.summary))));
}

/** Drafts formed from this ticket (when the drafts API is available). */
function draftLinks(ticketId) {
  const box = h('div');
  listDrafts().then(({ drafts = [] }) => {
    const mine = drafts.filter((d) => (d.ticketIds ?? []).includes(ticketId));
    if (mine.length) fill(box, card('已形成的草稿', h('ul', {}, mine.map((d) => h('li', {}, h('a', { href: `#/draft/${encodeURIComponent(d.id)}` }, d.title || '（无标题）'), ' ', badge(DRAFT_KINDS[d.kind] ?? d.kind), ' ', badge(d.status === 'SUBMITTED' ? '已提交' : '草稿'))))));
  }).catch(() => {});
  return box;
}
const DRAFT_KINDS = { proposal: '提案', 'social-report': '社情民意' };

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
        const result = await postAction(id, NOTE_ACTIONS.has(body.action) && text ? { ...body, note: text } : body);
        if (seq !== renderSeq) return;
        if (body.action === 'adopt' && result?.draft?.id) return navigate(`#/draft/${encodeURIComponent(result.draft.id)}`);
        showDetail(id, seq, body.action === 'adopt' ? `${label}：已采纳（草稿功能尚未开通）` : `${label}：操作成功`);
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
