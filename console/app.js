// The console's shell: sign-in with an access key (kept in this tab only), navigation by the URL's hash, and the pages.
import { credentials, defaultRegion, forget, remember } from './api.js';
import { h, notice } from './dom.js';
import * as funnel from './funnel.js';
import * as health from './health.js';
import * as leads from './leads.js';
import * as model from './model.js';

const PAGES = { funnel, leads, model, health };
const main = document.getElementById('main');
const who = document.getElementById('who');

function route() {
  const [name, query] = location.hash.replace(/^#/, '').split('?');
  const page = PAGES[name] ? name : 'funnel';
  return { page, params: new URLSearchParams(query || '') };
}

async function show() {
  const { page, params } = route();
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('current', a.dataset.page === page));
  const c = credentials();
  who.replaceChildren(...(c ? [h('span', {}, c.accessKeyId), ' ', h('button', { type: 'button', id: 'sign-out',
    onclick: () => { forget(); show(); } }, 'Sign out')] : []));
  if (!c) {
    main.replaceChildren(await signIn());
    return;
  }
  document.body.dataset.page = page;
  document.body.dataset.state = 'loading';
  try {
    await PAGES[page].render(main, params);
    document.body.dataset.state = 'ready';
  } catch (e) {
    main.append(notice((e.status === 403 || e.status === 401 ? 'The API refused the call (' + e.status + '): ' : '')
      + e.message, 'error'));
    document.body.dataset.state = 'failed';
  }
}

async function signIn() {
  const region = await defaultRegion().catch(() => '');
  const field = (label, name, attrs = {}) => h('label', {}, label, h('input', { name, autocomplete: 'off', ...attrs }));
  const form = h('form', { id: 'sign-in', class: 'card' },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'The console signs every call to the API with an AWS access key allowed execute-api:Invoke on it. '
      + 'The key stays in this tab (sessionStorage) and is never sent: only signatures are. The local twin\'s key is '
      + 'local, with the secret local.'),
    field('Access key id', 'accessKeyId', { required: true }),
    field('Secret access key', 'secretAccessKey', { type: 'password', required: true }),
    field('Session token (temporary credentials only)', 'sessionToken'),
    field('Region', 'region', { value: region, required: true }),
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = (n) => form[n].value.trim();
    remember({ accessKeyId: v('accessKeyId'), secretAccessKey: v('secretAccessKey'),
      sessionToken: v('sessionToken') || undefined, region: v('region') });
    show();
  });
  return form;
}

window.addEventListener('hashchange', show);
show();
