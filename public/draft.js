// 草稿编辑：形成提案 / 形成社情民意 opens the prefilled draft; the member edits, saves and submits it.
import { getDraft, listDrafts, saveDraft, submitDraft } from './client.js';
import { CHANNELS, h, fill, timeEl, fmtNumber, badge, alertBox, heading, card, setView, main } from './dom.js';

export const DRAFT_KINDS = { proposal: '提案', 'social-report': '社情民意信息' };
const STATUS = { DRAFT: '草稿', SUBMITTED: '已提交' };
const draftsLink = () => h('a', { class: 'back', href: '#/drafts' }, '← 我的草稿');

export async function showDrafts(isCurrent) {
  setView('我的草稿', heading('我的草稿'), h('p', { class: 'muted' }, '加载中…'));
  try {
    const { drafts = [] } = await listDrafts();
    if (!isCurrent()) return;
    setView('我的草稿', heading('我的草稿'),
      drafts.length
        ? h('ul', { class: 'items' }, drafts.map((d) => h('li', { class: 'item card' },
          h('div', { class: 'item-head' },
            h('h2', { class: 'item-title' }, h('a', { href: `#/draft/${encodeURIComponent(d.id)}` }, d.title || '（无标题）')),
            badge(DRAFT_KINDS[d.kind] ?? d.kind), badge(STATUS[d.status] ?? d.status, d.status === 'SUBMITTED' ? 'state-ADOPTED' : '')),
          d.summary && h('p', { class: 'summary' }, d.summary),
          h('p', { class: 'muted small' }, '更新于 ', timeEl(d.updatedAt)))))
        : h('p', { class: 'empty' }, '暂无草稿。在诉求详情中点击“形成提案”或“形成社情民意”即可生成草稿。'));
  } catch (e) {
    if (isCurrent()) setView('我的草稿', heading('我的草稿'), alertBox(e.status === 404 ? '草稿功能尚未开通' : e.message));
  }
}

export async function showDraft(id, isCurrent, notice = '') {
  if (!notice) setView('草稿', draftsLink(), h('p', { class: 'muted' }, '加载中…'));
  try {
    const { draft } = await getDraft(id);
    if (isCurrent()) renderDraft(draft, isCurrent, notice);
  } catch (e) {
    if (isCurrent()) setView('草稿', draftsLink(), heading('草稿'), alertBox(e.message));
  }
}

function renderDraft(draft, isCurrent, notice) {
  const submitted = draft.status === 'SUBMITTED';
  const kind = DRAFT_KINDS[draft.kind] ?? draft.kind;
  const title = h('input', { id: 'draft-title', name: 'title', maxlength: '200', value: draft.title ?? '', readonly: submitted });
  const summary = h('textarea', { id: 'draft-summary', name: 'summary', rows: '3', maxlength: '2000', readonly: submitted });
  summary.value = draft.summary ?? '';
  const body = h('textarea', { id: 'draft-body', name: 'body', rows: '14', maxlength: '20000', readonly: submitted });
  body.value = draft.body ?? '';
  const message = h('p', { class: 'notice', role: 'status', tabindex: '-1' }, notice);
  const say = (text, isError) => { message.textContent = text; message.classList.toggle('error', Boolean(isError)); };
  let dirty = false;
  for (const el of [title, summary, body]) el.addEventListener('input', () => { dirty = true; say('有未保存的修改'); });
  const buttons = [];
  const run = async (label, fn) => {
    buttons.forEach((b) => { b.disabled = true; });
    say(`${label}中…`);
    try {
      await fn();
      dirty = false;
      if (isCurrent()) showDraft(draft.id, isCurrent, `${label}成功`);
    } catch (e) {
      say(`${label}失败：${e.message}`, true);
      buttons.forEach((b) => { b.disabled = false; });
    }
  };
  const fields = () => ({ title: title.value.trim(), summary: summary.value.trim(), body: body.value });
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, '保存');
  const submit = h('button', { type: 'button', class: 'btn',
    onclick: () => {
      if (!fields().title) { say('请填写标题', true); return title.focus(); }
      if (!window.confirm(`确定提交该${kind}？提交后不能再修改。`)) return;
      run('提交', async () => { if (dirty) await saveDraft(draft.id, fields()); await submitDraft(draft.id); });
    } }, '提交');
  buttons.push(save, submit);
  const evidence = draft.evidence ?? {};
  setView(`${kind}草稿`, draftsLink(),
    h('article', { class: 'detail draft' },
      h('header', { class: 'card' },
        heading(`${kind}草稿`),
        h('div', { class: 'badges' }, badge(kind), badge(STATUS[draft.status] ?? draft.status, submitted ? 'state-ADOPTED' : '')),
        h('dl', { class: 'meta' },
          h('div', {}, h('dt', {}, '创建'), h('dd', {}, timeEl(draft.createdAt))),
          h('div', {}, h('dt', {}, '更新'), h('dd', {}, timeEl(draft.updatedAt))),
          (draft.ticketIds ?? []).length > 0 && h('div', {}, h('dt', {}, '关联工单'), h('dd', {}, String(draft.ticketIds.length))))),
      h('form', { class: 'card', onsubmit: (event) => { event.preventDefault(); if (!submitted) run('保存', () => saveDraft(draft.id, fields())); } },
        h('div', { class: 'field' }, h('label', { for: 'draft-title' }, '标题'), title),
        h('div', { class: 'field' }, h('label', { for: 'draft-summary' }, '摘要'), summary),
        h('div', { class: 'field' }, h('label', { for: 'draft-body' }, '正文'), body),
        message,
        submitted ? h('p', { class: 'muted' }, '已提交，不能再修改。') : h('div', { class: 'button-row' }, save, submit)),
      evidenceCards(evidence)));
  if (notice) main.querySelector('.notice')?.focus();
}

function evidenceCards({ channels = [], trend = [], quotes = [] }) {
  const max = Math.max(1, ...trend.map((t) => t.count ?? 0));
  return [
    card('依据：各渠道诉求', channels.length
      ? h('ul', { class: 'evidence-channels' }, channels.map((c) => h('li', {}, badge(CHANNELS[c.channel] ?? c.channel, `ch-${c.channel}`), ` ${fmtNumber(c.count)} 条`)))
      : h('p', { class: 'empty' }, '暂无')),
    card('依据：趋势', trend.length
      ? h('ol', { class: 'bars', 'aria-label': '每日诉求数' }, trend.map((t) => h('li', { title: `${t.date}：${t.count}` },
        h('span', { class: 'bar', style: `height:${Math.round(((t.count ?? 0) / max) * 100)}%` }), h('span', { class: 'bar-label' }, String(t.date ?? '').slice(5)))))
      : h('p', { class: 'empty' }, '暂无')),
    card('依据：群众原话（已脱敏）', quotes.length
      ? h('ul', { class: 'quotes' }, quotes.map((q) => h('li', {}, h('blockquote', {}, q.text), h('p', { class: 'muted small' }, CHANNELS[q.channel] ?? q.channel ?? '', ' · ', timeEl(q.occurredAt)))))
      : h('p', { class: 'empty' }, '暂无')),
  ];
}
