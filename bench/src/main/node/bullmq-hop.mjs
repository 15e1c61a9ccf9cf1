// The queue hop on BullMQ, for ./induo bench's queue section (QueueHopSection): the same load as the
// JobQueue hop. A Worker holding at most --in-flight jobs records each job's latency, from the
// Queue.add call to the handler call, and completes it at once, while --publishers loops add
// --messages jobs, each waiting for its add before the next. One job goes through first, so the
// Worker's start-up is not measured.
//
//   node bullmq-hop.mjs --port <redis port> --messages <n> --publishers <p> --in-flight <c>
//
// Prints one JSON line: {"received": n, "seconds": s, "latencies_ns": [...]}.
import { Queue, Worker } from 'bullmq';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    messages: { type: 'string' },
    publishers: { type: 'string' },
    'in-flight': { type: 'string' },
  },
});
const connection = { host: '127.0.0.1', port: Number(values.port) };
const messages = Number(values.messages);
const publishers = Number(values.publishers);
const inFlight = Number(values['in-flight']);
const name = 'induo-bench-hop';

const queue = new Queue(name, { connection });
const latencies = [];
let lastReceived = 0n;
let warmedUp;
const warm = new Promise((resolve) => { warmedUp = resolve; });
let allReceived;
const all = new Promise((resolve) => { allReceived = resolve; });

const worker = new Worker(name, async (job) => {
  const now = process.hrtime.bigint();
  if (job.data.warmUp) {
    warmedUp();
    return;
  }
  latencies.push(Number(now - BigInt(job.data.publishedAt)));
  if (now > lastReceived) {
    lastReceived = now;
  }
  if (latencies.length === messages) {
    allReceived();
  }
}, { connection, concurrency: inFlight });

const options = { removeOnComplete: true, removeOnFail: true };
await queue.add('hop', { warmUp: true }, options);
await warm;

let next = 0;
async function publishUntilAllSent() {
  for (let i = next++; i < messages; i = next++) {
    await queue.add('hop', { job: i, publishedAt: process.hrtime.bigint().toString() }, options);
  }
}
const started = process.hrtime.bigint();
await Promise.all(Array.from({ length: publishers }, publishUntilAllSent));
await all;
const seconds = Number(lastReceived - started) / 1e9;
await worker.close();
await queue.close();
console.log(JSON.stringify({ received: latencies.length, seconds, latencies_ns: latencies }));
