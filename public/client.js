// 连心桥 API client: session storage and JSON calls to /api/v1.
const SESSION_KEY = 'lianxin.session';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The stored session `{ token, expiresAt, user }`, or null when absent or expired. */
export function getSession() {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY));
    if (s?.token && !(Date.parse(s.expiresAt) <= Date.now())) return s;
  } catch {
    // A corrupt entry is treated as logged out.
  }
  sessionStorage.removeItem(SESSION_KEY);
  return null;
}

export const saveSession = (session) => sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
export const clearSession = () => sessionStorage.removeItem(SESSION_KEY);

let onUnauthorized = () => {};
/** Called (after the session is cleared) whenever an authenticated call answers 401. */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

const FALLBACK_MESSAGES = {
  400: '请求内容有误',
  401: '用户名或密码错误',
  403: '没有权限执行此操作',
  404: '未找到该记录',
  409: '当前状态不允许此操作',
  429: '操作过于频繁，请稍后再试',
};

async function request(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  const token = getSession()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', '网络错误，请检查网络连接后重试');
  }
  const data = await res.json().catch(() => null);
  if (res.ok) return data;
  if (res.status === 401 && path !== '/auth/login') {
    clearSession();
    onUnauthorized();
  }
  const message =
    (typeof data?.message === 'string' && data.message) ||
    FALLBACK_MESSAGES[res.status] ||
    (res.status >= 500 ? `服务器错误（${res.status}），请稍后重试` : `请求失败（${res.status}）`);
  throw new ApiError(res.status, data?.error ?? 'http_error', message);
}

const post = (path, body) => request(path, { method: 'POST', body });
const itemPath = (id) => `/inbox/${encodeURIComponent(id)}`;

export const login = (username, password) => post('/auth/login', { username, password });
export const logout = () => post('/auth/logout');
export const getInbox = (params) => request(`/inbox?${new URLSearchParams(params)}`);
export const getItem = (id) => request(itemPath(id));
export const postAction = (id, body) => post(`${itemPath(id)}/actions`, body);
const put = (path, body) => request(path, { method: 'PUT', body });
const draftPath = (id) => `/drafts/${encodeURIComponent(id)}`;
export const listDrafts = () => request('/drafts');
export const getDraft = (id) => request(draftPath(id));
export const saveDraft = (id, body) => put(draftPath(id), body);
export const submitDraft = (id) => post(`${draftPath(id)}/submit`);
export const getAnalytics = (name, params) => request(`/analytics/${name}?${new URLSearchParams(params)}`);
export const getJobs = () => request('/jobs?limit=50');
export const getConnectors = () => request('/connectors');
export const getQuarantine = () => request('/quarantine?limit=50');
export const redrive = (id) => post(`/quarantine/${encodeURIComponent(id)}/redrive`, {});

/** Downloads an authenticated export (CSV/XLSX) through a blob link; resolves to the file name. */
export async function downloadFile(path) {
  const token = getSession()?.token;
  const res = await fetch(`/api/v1${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new ApiError(res.status, 'http_error', FALLBACK_MESSAGES[res.status] ?? `下载失败（${res.status}）`);
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  const plain = /filename="([^"]+)"/.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : 'export';
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
