// The admin API, called with the session cookie. For state-changing calls the browser adds the
// Origin header itself, which linkgate checks against publicBaseUrl (CSRF).

const BASE = new URL('api/', document.baseURI); // /admin/api/, also under a path prefix

/** An error answer of the API: status, code (e.g. "invalid_url") and its human message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call(method, path, { query, json, blob, type } = {}) {
  const url = new URL(path, BASE);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  const headers = { Accept: 'application/json' };
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (blob !== undefined) {
    headers['Content-Type'] = type;
    body = blob;
  }
  let response;
  try {
    response = await fetch(url, {
      method, headers, body, credentials: 'same-origin', cache: 'no-store', redirect: 'error',
    });
  } catch {
    throw new ApiError(0, 'network', 'linkgate could not be reached. Check the connection and try again.');
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch {
    // not JSON: described below by the status alone
  }
  if (!response.ok) {
    throw new ApiError(response.status, data?.error ?? `http_${response.status}`,
      data?.message ?? `linkgate answered ${response.status}.`);
  }
  return data;
}

export const get = (path, query) => call('GET', path, { query });
export const put = (path, json) => call('PUT', path, { json });
export const patch = (path, json) => call('PATCH', path, { json });
export const upload = (path, blob, type) => call('POST', path, { blob, type });

/** The path of one article's API resource. */
export const articlePath = (id) => `articles/${encodeURIComponent(id)}`;

/** A relative link to the CSV export of a range (the page's base makes it /admin/api/...). */
export function exportHref(range) {
  const query = new URLSearchParams({ from: range.from.toISOString(), to: range.to.toISOString() });
  return `api/stats/export.csv?${query}`;
}
