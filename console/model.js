// Model: the live scoring model as tables, the journeys and whether each still meets its expectation, and what-if.
import { call } from './api.js';
import { columns } from './charts.js';
import { duration, h, notice, num, table, when } from './dom.js';

/** A rule's condition as one line: "track Demo Requested where properties.seconds at least 120". */
function condition(when) {
  if (!when) return '';
  const parts = [];
  if (when.type) parts.push(when.type);
  if (when.event) parts.push([].concat(when.event).join(' or '));
  if (when.returning) parts.push('returning after the session timeout');
  const tests = (when.where || []).concat(when.field ? [when] : []);
  for (const w of tests) {
    const [op, value] = Object.entries(w).find(([k]) => k !== 'field') || ['', ''];
    const words = op.replace(/[A-Z]/g, (c) => ' ' + c.toLowerCase());
    parts.push((w === when ? '' : 'where ') + w.field + ' ' + words + ' ' + [].concat(value).join(', '));
  }
  return parts.join(' ');
}

const cap = (c) => (c === undefined ? 'none' : c === 'once' ? 'once ever'
  : (c.max ? c.max + '× ' : 'once ') + 'per ' + duration(c.per));

function thresholds(m) {
  return table(['Setting', 'Value'], [
    ['MQL threshold (points)', m.mql.threshold], ['Lowest grade that qualifies', m.mql.minGrade],
    ['An MQL is held at least', duration(m.mql.holdFor)], ['Recycle an MQL below (points)', m.recycle.threshold],
    ['Points halve every', duration(m.decay.halfLife)], ['A session ends after', duration(m.sessionTimeout)],
    ['Archive a silent lead after', duration(m.stale.after)],
    ['Sales accept within (SLA)', duration(m.sla && m.sla.accept)],
    ['Sales accept a fast-track lead within', duration(m.sla && m.sla.fastTrackAccept)]], { id: 'thresholds' });
}

export async function render(main) {
  const body = h('div', { id: 'model' }, notice('Loading the model and running the journeys…'));
  main.replaceChildren(h('h1', {}, 'Model'), body);
  const r = await call('GET', '/v1/console/model');
  const m = r.model;
  const outcomes = Object.entries(m.outcomes || {});
  body.replaceChildren(
    h('p', { class: 'period' }, `Version ${r.version}, from ${r.file}. ${m.description || ''}`),
    h('div', { class: 'grid' },
      h('section', {}, h('h2', {}, 'Thresholds'), thresholds(m)),
      h('section', {}, h('h2', {}, 'Fit grades'),
        table(['Grade', 'Fit points at least'], Object.entries(m.fit.grades).map(([g, p]) => [g, p])),
        h('h2', {}, 'Fast track'),
        table(['Rule', 'When', 'Grade at least', 'Within'], m.mql.fastTrack.map((f) =>
          [f.description || f.id, condition(f.when), f.minGrade, duration(f.within)])),
        h('h2', {}, 'Sales outcomes'),
        table(['Outcome', 'Points', 'Resets the score'], outcomes.map(([k, o]) => [k, o.points, o.resetScore ? 'yes' : 'no'])))),
    h('section', {}, h('h2', {}, `Behaviour rules (${m.behaviour.length})`),
      table(['Rule', 'When', 'Points', 'Cap'], m.behaviour.map((b) => [h('span', { title: b.id }, b.description || b.id),
        condition(b.when), b.points, cap(b.cap)]), { id: 'behaviour-rules' })),
    h('div', { class: 'grid' },
      h('section', {}, h('h2', {}, `Fit rules (${m.fit.rules.length})`),
        table(['Rule', 'When', 'Points'], m.fit.rules.map((f) => [f.description || f.id, condition(f.when), f.points]),
          { id: 'fit-rules' })),
      h('section', {}, h('h2', {}, 'Disqualified when'),
        table(['Rule', 'When'], m.disqualify.map((d) => [d.reason || d.id, condition(d.when || d.fit)])),
        h('h2', {}, 'Email domains'),
        table(['Class', 'Domains'], Object.entries(m.emailDomains || {}).map(([k, v]) => [k, v.length])))),
    h('section', {}, h('h2', {}, `Journeys: ${r.journeysMet} of ${r.journeys.length} meet their expectation`),
      journeys(r.journeys)),
    whatIf());
}

function journeys(list) {
  const step = (n) => (n === null || n === undefined ? 'never' : 'step ' + n);
  return table(['Journey', 'Qualifies (expected / actual)', 'Grade', 'Stage', 'Result'], list.map((j) => [
    h('span', { title: j.file }, j.name),
    step(j.expect.qualifiesAtStep) + ' / ' + step(j.actual.qualifiesAtStep),
    j.expect.grade + ' / ' + (j.actual.grade || '–'), j.expect.stage + ' / ' + (j.actual.stage || '–'),
    j.meets ? h('span', { class: 'badge ok' }, 'meets')
      : h('span', { class: 'badge alarm', title: j.misses.join('\n') }, 'misses: ' + j.misses.join('; ')),
  ]), { id: 'journeys' });
}

function whatIf() {
  const out = h('div', { id: 'what-if-result' });
  const form = h('form', { class: 'bar', id: 'what-if' },
    h('label', {}, 'Candidate model ', h('input', { type: 'file', name: 'model', accept: '.json,application/json', required: true })),
    h('button', { type: 'submit' }, 'Compare with the live model'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = form.model.files[0];
    if (!file) return;
    out.replaceChildren(notice('Replaying the archived events under both models…'));
    try {
      out.replaceChildren(...whatIfResult(await call('POST', '/v1/console/what-if', null, await file.text())));
    } catch (err) {
      out.replaceChildren(notice(err.message, 'error'));
    }
  });
  return h('section', {}, h('h2', {}, 'What if: test a candidate model against what really happened'),
    h('p', {}, 'Upload a model file (the JSON of model/scoring-model.json, edited). The archived events are replayed '
      + 'under the live model and the candidate; nothing is changed.'), form, out);
}

function whatIfResult(r) {
  const weeks = [...new Set([...r.live.mqlsPerWeek, ...r.candidate.mqlsPerWeek].map((w) => w.week))].sort();
  const of = (list) => weeks.map((w) => (list.find((x) => x.week === w) || { mqls: 0 }).mqls);
  const leads = (list) => (list.length ? table(['Lead', 'Qualified', 'Why'], list.map((x) =>
    [x.email || x.leadId, when(x.qualifiedAt), x.why])) : notice('None.'));
  const o = r.outcomes;
  const shifts = (list, label) => (list && list.length ? [h('h2', {}, label + ` (${list.length})`),
    table(['Lead', 'Live qualifies', 'Candidate qualifies', 'Hours earlier'], list.map((x) => [x.email || x.leadId,
      when(x.liveAt), when(x.candidateAt), num(x.hoursEarlier, 1)]))] : null);
  return [
    h('p', { class: 'period' }, `${num(r.events)} events of ${num(r.leads)} leads replayed in ${num(r.ms)} ms.`),
    table(['', 'Live (' + r.live.version + ')', 'Candidate (' + r.candidate.version + ')'], [
      ['MQLs', r.live.mqls, r.candidate.mqls],
      ...(o ? [['Won leads it qualified (of ' + num(o.won) + ' won)', o.wonQualifiedLive, o.wonQualifiedCandidate],
        ['Median days from MQL to win', num(o.medianDaysBeforeWinLive, 1), num(o.medianDaysBeforeWinCandidate, 1)],
        ['Qualified leads sales rejected (of ' + num(o.rejected) + ')', o.rejectedQualifiedLive,
          o.rejectedQualifiedCandidate]] : [])], { id: 'what-if-summary' }),
    o ? null : h('p', { class: 'note' }, 'No sales outcomes were given to this replay, so wins and rejections are not compared.'),
    h('h2', {}, 'MQLs per week'),
    columns(weeks.map((w) => w.slice(5)), [{ name: 'live', values: of(r.live.mqlsPerWeek) },
      { name: 'candidate', values: of(r.candidate.mqlsPerWeek), class: 'alt' }], { title: 'MQLs per week, live and candidate' }),
    h('div', { class: 'grid' },
      h('section', { id: 'only-live' }, h('h2', {}, `Only the live model qualifies (${r.onlyLive.length})`),
        leads(r.onlyLive)),
      h('section', { id: 'only-candidate' }, h('h2', {}, `Only the candidate qualifies (${r.onlyCandidate.length})`),
        leads(r.onlyCandidate))),
    shifts(r.earlier, 'Qualify earlier under the candidate'), shifts(r.later, 'Qualify later under the candidate'),
  ].flat().filter(Boolean);
}
