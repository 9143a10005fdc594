// Drives the unmodified @rudderstack/rudder-sdk-node against a tracking API, as a server would. Its defaults are kept:
// gzip bodies, Basic auth, POST /v1/batch.
// Usage: node rudderstack.js <api base URL> <write key> <userId> <email>
'use strict';
const Analytics = require('@rudderstack/rudder-sdk-node');

const [host, writeKey, userId, email] = process.argv.slice(2);
const client = new Analytics(writeKey, { dataPlaneUrl: host, flushInterval: 200, retryCount: 2, logLevel: 'error' });
const calls = [];
const done = (what) => (err) => {
  if (err) {
    console.error(what, 'failed:', err.message || err);
  }
  return err;
};
function call(fn, message, what) {
  calls.push(new Promise((resolve) => fn.call(client, message, (err) => resolve(done(what)(err)))));
}

call(client.identify, {
  userId,
  traits: { email, first_name: 'Grace', last_name: 'Hopper', title: 'Director of Engineering', company: 'Cobol Systems',
    employees: 500, industry: 'software', address: { country: 'US' } },
}, 'identify');
// server-side page(): the path is in properties, not in context.page
call(client.page, { userId, name: 'Pricing', properties: { path: '/pricing' } }, 'page');
call(client.track, { userId, event: 'Demo Requested', properties: { plan: 'team' } }, 'track');

client.flush()
  .catch((err) => err)
  .then(() => Promise.all(calls))
  .then((errors) => {
    const failed = errors.some((e) => e);
    console.log(failed ? 'rudderstack: delivery failed' : 'rudderstack: flushed');
    process.exit(failed ? 1 : 0);
  });
