// Usage: node audit.js URL
// Runs every audit of graphql-http's serverAudits against the GraphQL endpoint at URL and prints one JSON line per
// audit: {"id", "name", "status": "ok" | "warn" | "error", "reason"}. Exits 0 whatever the outcomes; the caller judges.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.js URL');
  process.exit(2);
}
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  console.log(JSON.stringify({ id: audit.id, name: audit.name, status: result.status, reason: result.reason ?? null }));
}
