// Funnel: counts and conversion for a period, MQLs per week, top reasons and campaigns, medians.
import { call } from './api.js';
import { columns } from './charts.js';
import { h, notice, num, pct, table } from './dom.js';

const iso = (d) => d.toISOString().slice(0, 10);

function period(params) {
  const to = params.get('to') || iso(new Date());
  const from = params.get('from') || iso(new Date(Date.parse(to) - 27 * 86400000));
  return { from, to };
}

export async function render(main, params) {
  const { from, to } = period(params);
  const form = h('form', { class: 'bar', id: 'funnel-period' },
    h('label', {}, 'From ', h('input', { type: 'date', name: 'from', value: from, required: true })),
    h('label', {}, 'to ', h('input', { type: 'date', name: 'to', value: to, required: true })),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = '#funnel?from=' + form.from.value + '&to=' + form.to.value;
  });
  const body = h('div', { id: 'funnel' }, notice('Loading the funnel…'));
  main.replaceChildren(h('h1', {}, 'Funnel'), form, body);
  const f = await call('GET', '/v1/console/funnel', { from, to });
  const c = f.counts;
  const stages = [['Leads', c.leads, null], ['MQLs', c.mqls, f.conversion.leadToMql],
    ['SALs', c.sals, f.conversion.mqlToSal], ['SQLs', c.sqls, f.conversion.salToSql],
    ['Won', c.customers, f.conversion.sqlToWon]];
  const recycled = c.recycled || {};
  body.replaceChildren(
    h('p', { class: 'period' }, `${f.from} to ${f.to} (UTC days, both included)`),
    h('ol', { class: 'stages' }, stages.map(([name, count, rate]) => h('li', { class: 'stage', 'data-stage': name },
      rate === null ? null : h('span', { class: 'rate', title: 'conversion from the stage before' }, '→ ' + pct(rate)),
      h('strong', { class: 'count' }, num(count)), h('span', {}, name)))),
    h('div', { class: 'grid' },
      h('section', {}, h('h2', {}, 'MQLs per week'),
        columns(f.mqlsPerWeek.map((w) => w.week.slice(5)), [{ name: 'MQLs', values: f.mqlsPerWeek.map((w) => w.mqls) }],
          { title: 'MQLs per week' })),
      h('section', {}, h('h2', {}, 'Time to MQL and to acceptance'),
        table(['Median', 'Hours'], [['Time to MQL (first seen to qualified)', num(f.medianHoursToMql, 1)],
          ['Time to acceptance (qualified to accepted)', num(f.medianHoursToAccept, 1)]]),
        h('h2', {}, 'Leaving the funnel'),
        table(['', 'Leads'], [['Recycled: rejected by sales', recycled.rejected || 0],
          ['Recycled: lost', recycled.lost || 0], ['Recycled: score decayed', recycled.decayed || 0],
          ['Disqualified', c.disqualified], ['Accept SLA missed', c.slaMissed]]))),
    h('div', { class: 'grid' },
      h('section', {}, h('h2', {}, 'Top qualifying reasons'),
        table(['Qualified by', 'MQLs'], f.mqlsByCause.map((x) => [x.cause, x.mqls]), { id: 'by-cause' })),
      h('section', {}, h('h2', {}, 'Top campaigns (first touch)'),
        table(['Campaign', 'MQLs'], f.mqlsByCampaign.map((x) => [x.campaign, x.mqls]), { id: 'by-campaign' }))));
}
