/*
 * MQL Engine's browser snippet. The loader (snippet/loader.html) defines window.mql as an array that queues
 * calls, with the site's settings in mql.config; this script gives the stub its real methods and replays the
 * queue. Events go to the engine's native POST {apiUrl}/v1/events as text/plain, a CORS "simple" request that
 * a browser sends without a preflight.
 *
 * Nothing here may throw into the host page: the start-up runs in one try/catch; API calls, listeners, timers
 * and the history wrapper run wrapped by safe(); storage access is guarded, since a browser can refuse storage.
 * The budget is 2048 bytes minified and gzipped (SnippetSizeTest), which is why the code is terse.
 */
((w, d, nav, loc) => {
  try {
    let stub = w.mql;
    if (!stub || stub.v) return; // no loader, or loaded twice
    let cfg = stub.config || {};
    let api = cfg.apiUrl + '/v1/events'; // apiUrl has no trailing slash
    let ID = 'mql_id'; // the anonymous id; the cookie and localStorage share the name
    let QUEUE = 'mql_q';
    let USER = 'mql_uid';
    let GRANTED = 'mql_c'; // consent given with mql.consent(true), which opt-in mode needs on a later page
    let ENGAGED = 'mql_e'; // sessionStorage: active seconds so far in this tab's session
    let BATCH = 10;
    let TRAITS = 'email firstName lastName title company companySize industry country'.split(' ');
    let FAST = ['Demo Requested', 'Trial Started'];

    let safe = (f) => (...a) => {
      try {
        return f(...a);
      } catch {}
    };
    // store(k) reads, store(k, v) writes, store(k, null) removes; sessionStorage when session is set
    let store = (k, v, session) => {
      try {
        session = w[session ? 'sessionStorage' : 'localStorage'];
        return v === undefined ? session.getItem(k) : v == null ? session.removeItem(k) : session.setItem(k, v);
      } catch {}
    };
    let uuid = () => {
      try {
        return crypto.randomUUID();
      } catch {
        // randomUUID needs a secure context (https), getRandomValues does not: 128 random bits as digits and
        // '-', which the engine's id pattern accepts
        return crypto.getRandomValues(new Uint32Array(4)).join('-');
      }
    };
    let now = () => new Date().toISOString();

    // A refusal is remembered as the id "0", which identifies no one.
    let anon = (d.cookie.match(/\bmql_id=([^;]+)/) || [])[1] || store(ID);
    // true: send and store; false: refused, or DNT/GPC; undefined: opt-in mode, waiting for consent
    let consent = anon == '0' ? false : cfg.consent != 'opt-in' || store(GRANTED) ? true : undefined;
    let blocked = cfg.dnt && (nav.doNotTrack == 1 || nav.globalPrivacyControl);
    if (blocked) consent = false;
    // Before consent nothing was stored, and a refusal removed these, so reading them is always safe.
    let userId = store(USER);
    let queue = [];
    try {
      queue = JSON.parse(store(QUEUE)) || [];
    } catch {}
    let held = []; // events made while consent is pending, in memory only
    let busy = []; // events in a request that has not answered yet
    let timer = 0;
    let retries = 0;
    let where = loc.pathname + loc.search;
    let referrer = d.referrer;
    let engaged = +store(ENGAGED, undefined, 1) || 0;
    let reported = engaged;

    // Writes nothing while consent is pending, and after a refusal only the refusal itself.
    let remember = () => {
      if (consent || anon == '0') {
        // not Secure: the id is no secret, and a site served over http must keep it too
        d.cookie = ID + '=' + anon + ';path=/;max-age=31536000;samesite=lax';
        store(ID, anon);
        store(USER, userId || null);
        store(QUEUE, consent ? JSON.stringify(queue) : null);
      }
    };

    // Consent given: the kept id or a new one (no id and the refusal "0" both sort below "0..."), then the held events.
    let start = () => {
      if (!(anon > '0')) anon = uuid();
      let early = held;
      held = [];
      early.forEach(add);
      remember();
    };

    let schedule = (ms) => {
      clearTimeout(timer);
      timer = setTimeout(safe(flush), ms);
    };

    let waiting = () => queue.filter((e) => !busy.includes(e));

    // An answer for a batch: it is no longer in flight, and when sent (delivered, or refused for good) not queued.
    let settle = (batch, sent) => {
      busy = busy.filter((e) => !batch.includes(e));
      if (sent) queue = queue.filter((e) => !batch.includes(e)), remember();
    };

    let post = (batch, hide) => {
      let body = JSON.stringify({ writeKey: cfg.writeKey, sentAt: now(), events: batch });
      if (hide && nav.sendBeacon?.(api, new Blob([body], { type: 'text/plain' }))) return settle(batch, 1);
      busy = busy.concat(batch);
      // A string body goes as text/plain;charset=UTF-8, so no preflight. keepalive lets the request outlive the
      // page, within the browser's 64 KB budget for such requests.
      fetch(api, { method: 'POST', body, keepalive: body.length < 6e4 })
        .then((r) => {
          if (r.status > 499 || r.status == 429) throw r;
          retries = 0;
          settle(batch, 1);
          waiting().length >= BATCH ? flush() : queue[0] && !timer && schedule(5e3);
        })
        .catch(safe((r) => {
          settle(batch);
          let after = +r?.headers?.get('Retry-After');
          // exponential backoff with full jitter, up to a minute
          schedule(after > 0 ? after * 1e3 : Math.random() * Math.min(6e4, 1e3 * 2 ** retries));
          retries++;
        }));
    };

    // Sends the oldest waiting batch, one request at a time.
    function flush() {
      clearTimeout(timer);
      timer = 0;
      let batch = waiting().slice(0, BATCH);
      if (consent && !busy[0] && batch[0]) post(batch);
    }

    function add(e) {
      if (consent) {
        e.anonymousId = anon;
        if (userId) e.userId = userId;
        queue.push(JSON.parse(JSON.stringify(e))); // a copy; circular properties throw here, not at send time
        queue.splice(0, queue.length - 100); // bounded: the oldest go first
        remember();
        if (!retries && (FAST.includes(e.event) || waiting().length >= BATCH)) flush();
        else if (!timer) schedule(5e3);
      } else if (consent === undefined && held.push(e) > 100) held.shift();
    }

    let event = (type, fields) => {
      let campaign;
      for (let [k, v] of new URLSearchParams(loc.search)) {
        if ((k = k.match(/^utm_(.+)/)?.[1])) (campaign ||= {})[k == 'campaign' ? 'name' : k] = v;
      }
      add({
        eventId: uuid(),
        type,
        timestamp: now(),
        context: { page: { path: loc.pathname, url: loc.href, referrer, title: d.title }, campaign },
        ...fields,
      });
    };

    let page = (name, properties) =>
      event('page', typeof name == 'object' ? { properties: name } : { name, properties });

    let track = (name, properties) => name && event('track', { event: '' + name, properties });

    // Only the traits the engine knows go out, companySize as a number. identify is sent only with an email,
    // since the engine refuses an identify without one; a userId alone is remembered for later events.
    let identify = (id, traits) => {
      if (id && typeof id == 'object') traits = id;
      else if (id != null) userId = '' + id;
      let known = {};
      for (let k of TRAITS) {
        let v = (traits || {})[k];
        // a companySize that is not a number becomes null, which the engine ignores
        if (v || v === 0) known[k] = k == 'companySize' ? parseInt(v) : v;
      }
      remember();
      if (known.email) event('identify', { traits: known });
    };

    let reset = () => {
      userId = 0;
      if (consent) anon = uuid();
      remember();
    };

    let grant = (granted) => {
      if (blocked) return;
      store(GRANTED, granted ? 1 : null);
      if (granted) {
        if (!consent) consent = true, start(), flush();
      } else {
        consent = false;
        anon = '0';
        queue = [];
        held = [];
        userId = 0;
        clearTimeout(timer);
        remember();
        store(ENGAGED, null, 1);
      }
    };

    // Page hidden (tab switched, or left): report the active time, then send what waits by beacon, unless
    // sending is failing (a retry is pending, or the browser is offline): then the queue stays for the next page.
    let hide = () => {
      if (consent && engaged > reported) {
        store(ENGAGED, (reported = engaged), 1);
        track('Session Engaged', { seconds: engaged });
      }
      if (retries || !nav.onLine) return;
      clearTimeout(timer);
      timer = 0;
      let rest = waiting();
      while (rest[0]) post(rest.splice(0, BATCH), 1);
    };

    let navigated = () => {
      let to = loc.pathname + loc.search;
      if (to != where) referrer = loc.origin + where, where = to, page();
    };

    let methods = { page, track, identify, reset, consent: grant };
    for (let k in methods) {
      let f = safe(methods[k]);
      stub[k] = (...args) => {
        let done = typeof args[args.length - 1] == 'function' && args.pop();
        f(...args);
        // analytics.js-style callback: called after the call, outside the snippet's stack, so its errors stay the page's
        if (done) setTimeout(done);
      };
    }
    stub.v = 1;

    let listen = (target, type, f) => target.addEventListener(type, safe(f), true);
    let push = history.pushState;
    history.pushState = function () {
      let r = push.apply(this, arguments);
      safe(navigated)();
      return r;
    };
    listen(w, 'popstate', navigated);
    listen(d, 'visibilitychange', () => d.visibilityState == 'hidden' && hide());
    // Active time: a second counts while the page has the focus (it is visible, and the visitor is in this window).
    setInterval(() => d.hasFocus() && engaged++, 1e3);
    listen(d, 'submit', (e) => {
      let form = e.target;
      let name = form.dataset.mqlForm;
      if (name != null) {
        identify(Object.fromEntries(new FormData(form)));
        track('Contact Form Submitted', { form: name || form.id });
      }
    });

    if (consent) start();
    page();
    stub.splice(0).forEach((call) => stub[call[0]](...call[1]));
  } catch {}
})(window, document, navigator, location);
