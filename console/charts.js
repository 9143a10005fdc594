// Hand-written SVG charts: columns over time (one or two series) and horizontal bars around zero.
import { h, num, s } from './dom.js';

/**
 * Columns: labels along the bottom, one column per label for each series ({name, values, class}); a legend when
 * there is more than one series. Every column holds its value in data-value.
 */
export function columns(labels, series, { height = 200, title = '' } = {}) {
  const width = Math.max(560, labels.length * 28 * series.length + 60);
  const top = 16;
  const bottom = 34;
  const left = 36;
  const plot = height - top - bottom;
  const max = Math.max(1, ...series.flatMap((x) => x.values));
  const slot = (width - left - 8) / Math.max(1, labels.length);
  const bar = Math.max(3, (slot - 6) / series.length);
  const y = (v) => top + plot - (v / max) * plot;
  const every = Math.ceil(labels.length / Math.floor((width - left) / 56));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart columns', role: 'img', 'aria-label': title },
    s('line', { x1: left, x2: width - 4, y1: y(0), y2: y(0), class: 'axis' }),
    s('text', { x: left - 4, y: y(max) + 4, class: 'tick', 'text-anchor': 'end' }, num(max)),
    s('text', { x: left - 4, y: y(0) + 4, class: 'tick', 'text-anchor': 'end' }, '0'),
    labels.map((label, i) => [
      series.map((x, k) => {
        const v = x.values[i] || 0;
        return s('rect', { x: left + i * slot + 3 + k * bar, y: y(v), width: bar - 1, height: Math.max(0, y(0) - y(v)),
          class: 'bar ' + (x.class || ''), 'data-value': v }, s('title', {}, `${x.name} ${label}: ${num(v)}`));
      }),
      i % every === 0 ? s('text', { x: left + i * slot + slot / 2, y: height - bottom + 16, class: 'tick',
        'text-anchor': 'middle' }, label) : null,
    ]));
  const legend = series.length > 1 ? h('p', { class: 'legend' }, series.map((x) =>
    h('span', { class: 'key ' + (x.class || '') }, x.name))) : null;
  return h('figure', { class: 'chart' }, svg, legend);
}

/**
 * Horizontal bars around zero, one row per item ({label, value, note}): positive to the right, negative to the left.
 * Every bar holds its value in data-points, so what the bars add up to can be read back.
 */
export function hbars(items, { title = '' } = {}) {
  const rowHeight = 24;
  const width = 1000;
  const labelWidth = 300;
  const plot = width - labelWidth - 70;
  const lo = Math.min(0, ...items.map((x) => x.value));
  const hi = Math.max(0, ...items.map((x) => x.value));
  const span = hi - lo || 1;
  const x = (v) => labelWidth + ((v - lo) / span) * plot;
  const height = items.length * rowHeight + 8;
  return h('figure', { class: 'chart' }, s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart hbars', role: 'img',
    'aria-label': title },
  s('line', { x1: x(0), x2: x(0), y1: 0, y2: height, class: 'axis' }),
  items.map((item, i) => {
    const top = 4 + i * rowHeight;
    const v = item.value;
    return s('g', { class: 'row' },
      s('text', { x: labelWidth - 8, y: top + 15, class: 'label', 'text-anchor': 'end' }, item.label),
      s('rect', { x: Math.min(x(0), x(v)), y: top + 3, width: Math.max(1, Math.abs(x(v) - x(0))), height: rowHeight - 8,
        class: 'bar ' + (v < 0 ? 'negative' : 'positive'), 'data-points': v },
      s('title', {}, `${item.label}: ${num(v, 1)}${item.note ? ' (' + item.note + ')' : ''}`)),
      s('text', { x: v < 0 ? x(0) + 6 : x(v) + 6, y: top + 15, class: 'value' }, num(v, 1)));
  })));
}
