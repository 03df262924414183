// Follows a running API's changes with a real client library, as a front-end would:
//   node live.mjs URL EDITOR_KEY ws|sse
// subscribes to graphChanged (graphql-ws over a WebSocket, or graphql-sse over an event stream, anonymously), makes
// three firms over HTTP and waits for their events; disconnects; makes two more while away; on reconnecting reads
// changes(after: the last version seen) for what it missed and subscribes again; makes one more and waits for it.
// Prints one JSON line: the versions the mutations returned, and the versions seen live, read back and seen again.
import { createClient as createWsClient } from 'graphql-ws';
import { createClient as createSseClient } from 'graphql-sse';
import WebSocket from 'ws';

const [url, key, mode] = process.argv.slice(2);
const subscription = 'subscription { graphChanged { version operation items { id } } }';

async function graphql(query, variables, withKey = true) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(withKey ? { 'x-api-key': key } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

function connect() {
  if (mode === 'ws') {
    const client = createWsClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    return { client, dispose: () => client.dispose() };
  }
  const client = createSseClient({ url, retryAttempts: 0 });
  return { client, dispose: () => client.dispose() };
}

// Subscribes and resolves once the subscription is in place (the server takes it within a poll of its change hub).
async function follow(seen) {
  const { client, dispose } = connect();
  const stop = client.subscribe({ query: subscription }, {
    next: (result) => {
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      seen.push(result.data.graphChanged.version);
    },
    error: (error) => { console.error('subscription error', error); process.exit(2); },
    complete: () => {},
  });
  await new Promise((resolve) => setTimeout(resolve, 700));
  return () => { stop(); dispose(); };
}

async function waitFor(seen, version) {
  const deadline = Date.now() + 10_000;
  while (!seen.includes(version)) {
    if (Date.now() > deadline) throw new Error(`version ${version} never came (seen ${seen.join(',')})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let n = 0;
async function makeFirm() {
  n += 1;
  const data = await graphql('mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { version } }', {
    input: { id: `live-${mode}-${n}`, name: `Live ${mode} ${n} (test)`, country: 'VN', sources: [source] },
  });
  return data.upsertFirm.version;
}

const source = (await graphql('mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }', {
  input: { id: `live-${mode}`, title: `Live clients ${mode} (test)`, publisher: 'Test', url: 'https://example.org/live', date: '2026-10-01' },
})).addSource.source.id;

const written = [];
const live = [];
let stop = await follow(live);
for (let i = 0; i < 3; i++) written.push(await makeFirm());
await waitFor(live, written[2]);
const lastSeen = Math.max(...live);
stop();

// Away: two more changes.
written.push(await makeFirm());
written.push(await makeFirm());

// Back: what was missed, from the feed, then live again.
const again = [];
stop = await follow(again);
const missed = (await graphql('query($after: Int) { changes(after: $after) { nodes { version } endVersion } }', { after: lastSeen }, false)).changes;
written.push(await makeFirm());
await waitFor(again, written[5]);
stop();

console.log(JSON.stringify({ written, live, lastSeen, missed: missed.nodes.map((c) => c.version), endVersion: missed.endVersion, again }));
process.exit(0);
