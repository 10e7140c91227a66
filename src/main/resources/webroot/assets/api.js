// Every call to the REST API goes through here: the session's token as a Bearer header, JSON in and
// out, and the API's error shape {"error": {"code", "message", "field"}} turned into an ApiError.
const TOKEN_KEY = 'cronwheel.token';

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || 'http_' + status;
    this.field = error.field || null;
  }
}

/** The token of this tab's session: null when not logged in, '' when logged in without one. */
export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, value);
}

let unauthorized = () => {};

/** Called with the API's message whenever a call answers 401 (a missing, wrong or revoked token). */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

export async function call(method, path, body, headers = {}) {
  const sent = { Accept: 'application/json', ...headers };
  const current = token();
  if (current) sent.Authorization = 'Bearer ' + current;
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  const response = await fetch('/api/v1' + path, {
    method,
    headers: sent,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (response.status === 401) unauthorized(error.message);
    throw error;
  }
  return data;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);
export const patch = (path, body) => call('PATCH', path, body);
export const put = (path, body) => call('PUT', path, body);
export const del = (path) => call('DELETE', path);

/**
 * Who the token belongs to: {name, role, authEnabled}. An engine without the whoami endpoint (404)
 * has no authentication: everyone is admin there.
 */
export async function whoami() {
  try {
    return await get('/whoami');
  } catch (e) {
    if (e.status === 404) return { name: 'anonymous', role: 'admin', authEnabled: false };
    throw e;
  }
}

/** A query string from the entries whose value is set. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? '?' + text : '';
}
