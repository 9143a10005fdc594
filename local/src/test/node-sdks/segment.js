// Drives the unmodified @segment/analytics-node against a tracking API, as a server would.
// Usage: node segment.js <api base URL> <write key> <userId> <email>
'use strict';
const { Analytics } = require('@segment/analytics-node');

const [host, writeKey, userId, email] = process.argv.slice(2);
const analytics = new Analytics({ writeKey, host, flushInterval: 200, maxRetries: 2 });
let failed = false;
analytics.on('error', (err) => {
  failed = true;
  console.error('delivery failed:', err && (err.reason || err.message || err));
});
analytics.on('http_request', (req) => console.log(req.method, req.url));

analytics.identify({
  userId,
  traits: {
    email,
    name: 'Ada Lovelace',
    title: 'VP Engineering',
    company: { name: 'Analytical Engines', employee_count: 200, industry: 'software' },
    address: { country: 'GB' },
  },
});
// server-side page(): the path is in properties, not in context.page
analytics.page({ userId, name: 'Pricing', properties: { path: '/pricing', url: host + '/pricing' } });
analytics.track({ userId, event: 'Demo Requested', properties: { plan: 'team' } });

analytics.closeAndFlush({ timeout: 30000 }).then(() => {
  console.log(failed ? 'segment: delivery failed' : 'segment: flushed');
  process.exit(failed ? 1 : 0);
});
