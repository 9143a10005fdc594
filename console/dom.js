// Building the page: elements with text content only (a lead's traits come from website visitors), and formats.
const SVG = 'http://www.w3.org/2000/svg';

function build(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** An HTML element: h('td', {class: 'n'}, 'text', child, ...). */
export const h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);

/** An SVG element. */
export const s = (tag, attrs, ...children) => build(document.createElementNS(SVG, tag), attrs, children);

/** A table: headings and rows of cells (strings, numbers or nodes); numbers are right-aligned. */
export function table(headings, rows, attrs = {}) {
  const cell = (tag, c) => h(tag, typeof c === 'number' ? { class: 'n' } : {}, c);
  return h('table', attrs, h('thead', {}, h('tr', {}, headings.map((x) => cell('th', x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => cell('td', c))))));
}

export const num = (x, digits = 0) => (x === null || x === undefined ? '–'
  : Number(x).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

export const pct = (x) => (x === null || x === undefined ? '–' : (x * 100).toFixed(1) + '%');

export const day = (iso) => (iso ? iso.slice(0, 10) : '–');

export const when = (iso) => (iso ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : '–');

/** ISO-8601 durations as people say them: P14D is 14 days, PT24H 24 hours. */
export function duration(iso) {
  if (!iso) return '–';
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) return iso;
  const parts = [[m[1], 'week'], [m[2], 'day'], [m[3], 'hour'], [m[4], 'minute'], [m[5], 'second']]
    .filter(([n]) => n).map(([n, unit]) => n + ' ' + unit + (n === '1' ? '' : 's'));
  return parts.join(' ');
}

/** A message in place of a page's content. */
export const notice = (text, kind = 'info') => h('p', { class: 'notice ' + kind, role: kind === 'error' ? 'alert' : null }, text);
