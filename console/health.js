// Health: queue and dead-letter depths, the dead-letter alarms, and accept-SLA breaches.
import { call } from './api.js';
import { columns } from './charts.js';
import { h, notice, num, table, when } from './dom.js';

export async function render(main, params) {
  const days = params.get('days') || '';
  const body = h('div', { id: 'health' }, notice('Reading the queues…'));
  main.replaceChildren(h('h1', {}, 'Health'), body);
  const r = await call('GET', '/v1/console/health', { days });
  const firing = r.alarms.filter((a) => a.state !== 'OK');
  body.replaceChildren(
    h('p', { class: 'period' }, 'At ' + when(r.at) + '. ' + (firing.length
      ? firing.length + ' alarm' + (firing.length === 1 ? '' : 's') + ' firing.' : 'No alarm firing.')),
    h('div', { class: 'grid' },
      h('section', {}, h('h2', {}, 'Queues'),
        table(['Queue', 'Waiting', 'Being processed', 'Delayed'], r.queues.map((q) => [
          h('span', { title: q.url }, q.name + (q.deadLetter ? ' (dead letters)' : '')),
          q.error ? h('span', { class: 'badge unknown' }, q.error) : q.visible, q.error ? '' : q.inFlight,
          q.error ? '' : q.delayed]), { id: 'queues' })),
      h('section', {}, h('h2', {}, 'Alarms'),
        table(['Alarm', 'Rule', 'Now', 'State'], r.alarms.map((a) => [h('span', { title: a.queue }, a.name), a.rule,
          a.value === null ? '–' : a.value, h('span', { class: 'badge ' + a.state.toLowerCase() }, a.state)]),
        { id: 'alarms' }),
        h('p', { class: 'note' }, 'Each alarm is the template\'s CloudWatch alarm rule, evaluated here on the depth just '
          + 'read; CloudWatch itself notifies the alarm topic.'))),
    h('section', {}, h('h2', {}, 'Accept SLA breaches'), sla(r.sla)));
}

function sla(x) {
  if (!x) return notice('This deployment keeps no funnel counts, so SLA breaches cannot be shown.');
  return [h('p', { id: 'sla-total' }, `${num(x.missed)} MQL${x.missed === 1 ? '' : 's'} missed the accept SLA from `
    + `${x.from} to ${x.to}.`),
  columns(x.missedPerDay.map((d) => d.day.slice(5)), [{ name: 'missed', values: x.missedPerDay.map((d) => d.missed),
    class: 'warn' }], { title: 'SLA breaches per day', height: 140 })];
}
