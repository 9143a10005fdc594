// The console's data calls: every one signed with the credentials the user gave, kept in this tab's sessionStorage only.
import { queryString, sign } from './sigv4.js';

const KEY = 'mql-console-credentials';
let configured;

/** {accessKeyId, secretAccessKey, sessionToken, region} or null. */
export function credentials() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY));
  } catch {
    return null;
  }
}

export function remember(c) {
  sessionStorage.setItem(KEY, JSON.stringify(c));
}

export function forget() {
  sessionStorage.removeItem(KEY);
}

/** The deployment's region, from the page's own config.json. */
export async function defaultRegion() {
  if (!configured) {
    configured = fetch('/console/config.json').then((r) => r.json()).then((c) => c.region);
  }
  return configured;
}

/** A refused or failed call: the HTTP status (0 when none came) and the API's message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Calls the API at path with params as its query and body (a string) as its payload; answers the JSON. */
export async function call(method, path, params, body = '') {
  const c = credentials();
  if (!c) throw new ApiError(401, 'Sign in with an access key first.');
  const q = queryString(params);
  const url = location.origin + path + (q ? '?' + q : '');
  const headers = await sign({ method, url, body, credentials: c, region: c.region || await defaultRegion() });
  if (body) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, { method, headers, body: body || undefined, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'The API did not answer: ' + e.message);
  }
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the text is the message
  }
  if (!response.ok) {
    throw new ApiError(response.status, (json && json.message) || text || response.statusText);
  }
  return json;
}
