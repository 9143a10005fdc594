// AWS Signature Version 4 for API Gateway's AWS_IAM routes, with WebCrypto: the same canonical request, string to sign
// and key derivation as the AWS SDKs (and the local twin's verifier), for a request the page sends with fetch.
const utf8 = new TextEncoder();

const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

async function sha256(data) {
  return hex(await crypto.subtle.digest('SHA-256', typeof data === 'string' ? utf8.encode(data) : data));
}

async function hmac(key, text) {
  const k = await crypto.subtle.importKey('raw', typeof key === 'string' ? utf8.encode(key) : key,
    { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', k, utf8.encode(text));
}

/** RFC 3986 percent-encoding: only A-Z a-z 0-9 - _ . ~ stay as they are. */
export function rfc3986(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** A query string for params (an object), RFC 3986-encoded and sorted, so it is sent as it is signed. */
export function queryString(params) {
  return Object.entries(params || {}).filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => [rfc3986(k), rfc3986(String(v))])
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => k + '=' + v).join('&');
}

// Percent-decoding only: '+' stays '+', as AWS reads a query.
function canonicalQuery(search) {
  if (!search || search === '?') return '';
  return search.slice(1).split('&').filter(Boolean).map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    return [rfc3986(decodeURIComponent(name)), rfc3986(decodeURIComponent(value))];
  }).sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => k + '=' + v).join('&');
}

// Every service but S3 encodes each segment of the path as sent once more.
const canonicalPath = (path) => (path || '/').split('/').map(rfc3986).join('/');

/**
 * The headers that sign a request: {authorization, x-amz-date, x-amz-content-sha256[, x-amz-security-token]}.
 * credentials: {accessKeyId, secretAccessKey, sessionToken?}; body: a string (or '' for none).
 */
export async function sign({ method, url, body = '', credentials, region, service = 'execute-api', now = new Date() }) {
  const u = new URL(url);
  const amzDate = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  const day = amzDate.slice(0, 8);
  const headers = { host: u.host, 'x-amz-content-sha256': await sha256(body), 'x-amz-date': amzDate };
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const canonical = [method.toUpperCase(), canonicalPath(u.pathname), canonicalQuery(u.search),
    names.map((n) => n + ':' + String(headers[n]).trim().replace(/ +/g, ' ')).join('\n') + '\n',
    names.join(';'), headers['x-amz-content-sha256']].join('\n');
  const scope = [day, region, service, 'aws4_request'].join('/');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, await sha256(canonical)].join('\n');
  let key = await hmac('AWS4' + credentials.secretAccessKey, day);
  key = await hmac(key, region);
  key = await hmac(key, service);
  key = await hmac(key, 'aws4_request');
  const signature = hex(await hmac(key, toSign));
  delete headers.host; // the browser sends it, and a page may not set it
  headers.authorization = 'AWS4-HMAC-SHA256 Credential=' + credentials.accessKeyId + '/' + scope
    + ', SignedHeaders=' + names.join(';') + ', Signature=' + signature;
  return headers;
}
