// Leads: find a lead by email; its score with every rule's part, stage timeline, handoffs and outcomes.
import { ApiError, call } from './api.js';
import { hbars } from './charts.js';
import { day, h, notice, num, table, when } from './dom.js';

export async function render(main, params) {
  const email = params.get('email') || '';
  const form = h('form', { class: 'bar', id: 'lead-search', role: 'search' },
    h('label', {}, 'Email ', h('input', { type: 'email', name: 'email', value: email, required: true, size: 36,
      placeholder: 'ada@example.com' })),
    h('button', { type: 'submit' }, 'Find'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = '#leads?email=' + encodeURIComponent(form.email.value.trim());
  });
  const body = h('div', { id: 'lead' });
  main.replaceChildren(h('h1', {}, 'Leads'), form, body);
  if (!email) {
    body.append(notice('Search by the email a lead identified with.'));
    return;
  }
  body.append(notice('Looking up ' + email + '…'));
  let v;
  try {
    v = await call('GET', '/v1/leads', { email });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      body.replaceChildren(notice('No lead with the email ' + email + '.'));
      return;
    }
    throw e;
  }
  body.replaceChildren(...view(v).filter(Boolean));
}

function view(v) {
  const t = v.traits || {};
  const who = [t.firstName, t.lastName].filter(Boolean).join(' ');
  const role = [t.title, t.company].filter(Boolean).join(', ');
  const sum = v.breakdown.reduce((a, p) => a + p.points, 0);
  return [
    h('header', { class: 'lead-head' },
      h('div', {}, h('h2', { class: 'who' }, t.email || v.leadId), h('p', {}, [who, role].filter(Boolean).join(' · '))),
      h('dl', { class: 'facts' },
        h('div', {}, h('dt', {}, 'Score'), h('dd', { id: 'lead-score', 'data-score': v.score }, num(v.score, 1))),
        h('div', {}, h('dt', {}, 'Grade'), h('dd', { id: 'lead-grade' }, v.grade)),
        h('div', {}, h('dt', {}, 'Stage'), h('dd', { id: 'lead-stage' }, v.stage)),
        h('div', {}, h('dt', {}, 'Fit'), h('dd', {}, num(v.fit.score, 0) + ' (' + v.fit.grade + ')')))),
    v.bot ? notice('Treated as automated traffic since ' + day(v.bot.since) + ': ' + v.bot.reason, 'warn') : null,
    h('section', {}, h('h2', {}, 'Why this score'),
      v.breakdown.length ? hbars(v.breakdown.map((p) => ({ label: p.description || p.rule, value: p.points,
        note: p.count + '× ' + p.rule + ', last ' + day(p.lastAt) })), { title: 'score breakdown' })
        : notice('No rule has scored yet.'),
      h('p', { class: 'sum', id: 'breakdown-sum' }, `The ${v.breakdown.length} parts add up to ${num(sum, 1)}, `
        + `the score at ${when(v.scoredAt)} (points decay with time).`)),
    h('div', { class: 'grid' },
      h('section', {}, h('h2', {}, 'Stage timeline'), timeline(v.history)),
      h('section', {}, h('h2', {}, 'Fit'),
        table(['Rule', 'Points'], v.fit.rules.map((r) => [r.description || r.rule, r.points])),
        v.next.length ? [h('h2', {}, 'Coming up'), table(['What the sweep will do', 'When'],
          v.next.map((n) => [n.action, when(n.at)]))] : null)),
    h('section', {}, h('h2', {}, 'Handoffs'), v.handoffs.length
      ? table(['Handoff', 'Qualified', 'By', 'Sent to sales'], v.handoffs.map((x) => [x.handoffId, when(x.qualifiedAt),
        x.qualifiedBy, x.handedOff ? 'yes' : 'not yet']), { id: 'handoffs' })
      : notice('Never qualified, so never handed off.')),
    h('section', {}, h('h2', {}, 'Sales outcomes'), v.outcomes.length
      ? table(['Outcome', 'When', 'Reason', 'By', 'Status'], v.outcomes.map((o) => [o.outcome, when(o.at), o.reason || '',
        o.by || '', o.status + (o.note ? ' (' + o.note + ')' : '')]), { id: 'outcomes' })
      : notice('No outcome from sales yet.')),
  ];
}

function timeline(history) {
  if (!history.length) return notice('Still a new lead.');
  return h('ol', { class: 'timeline', id: 'timeline' }, history.map((t) => h('li', {},
    h('time', { datetime: t.at }, when(t.at)),
    h('strong', {}, (t.from ? t.from + ' → ' : '') + t.to),
    h('span', {}, ' ' + (t.cause || '') + (t.note ? ' — ' + t.note : '')))));
}
