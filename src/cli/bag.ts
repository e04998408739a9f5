/**
 * `katazuke bag record | info | play`, as `ros2 bag` with the MCAP storage: record topics of a
 * running launch (through its control endpoint) into a rosbag2 folder, summarize a bag, and
 * publish a bag's messages back into a running launch with their original timing.
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Channel } from '../runtime/foxglove/wsProtocol.ts';
import { BagWriter } from '../runtime/bag/BagWriter.ts';
import { readBag, type Bag } from '../runtime/bag/BagReader.ts';
import { ControlClient, controlUrl } from './ControlClient.ts';
import { out, positiveNumber, UsageError, waitForSignal } from './terminal.ts';

/** How often `play --clock` publishes the bag's time on /clock (ros2 bag play's default). */
const CLOCK_HZ = 40;

export async function bag(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'record':
      return record(rest);
    case 'info':
      return info(rest);
    case 'play':
      return play(rest);
    default:
      throw new UsageError(`unknown bag verb '${verb ?? ''}' (record, info, play)`);
  }
}

function defaultBagName(now = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `rosbag2_${now.getFullYear()}_${two(now.getMonth() + 1)}_${two(now.getDate())}-${two(now.getHours())}_${two(now.getMinutes())}_${two(now.getSeconds())}`;
}

async function record(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      o: { type: 'string', short: 'o' },
      all: { type: 'boolean', short: 'a' },
      duration: { type: 'string' },
    },
  });
  if (values.all === positionals.length > 0)
    throw new UsageError('bag record needs TOPIC... or --all (not both)');
  const durationS = positiveNumber(values.duration, '--duration');
  const client = await ControlClient.connect(controlUrl());
  const writer = await BagWriter.create(values.o ?? defaultBagName());
  let pending = Promise.resolve();
  let count = 0;
  const stops: Array<() => void> = [];
  const recorded = new Set<string>();
  const start = async (channel: Channel) => {
    if (recorded.has(channel.topic)) return;
    recorded.add(channel.topic);
    const id = await writer.addTopic(channel.topic, channel.schemaName, channel.schema);
    stops.push(
      // Each message arrives in a buffer of its own, never reused: written as it is, uncopied.
      client.subscribeRaw(channel, (bytes, timestampNs) => {
        count++;
        pending = pending.then(() => writer.write(id, bytes, timestampNs));
      }),
    );
    out(`recording ${channel.topic} [${channel.schemaName}]`);
  };
  if (values.all) {
    for (const channel of client.channels.values()) await start(channel);
    client.client.on('advertise', (channels) => channels.forEach((c) => void start(c)));
  } else
    for (const topic of positionals)
      void client
        .waitForChannel(topic, () => process.stderr.write(`waiting for ${topic} to be published\n`))
        .then(start);
  await (durationS
    ? Promise.race([new Promise((r) => setTimeout(r, durationS * 1000)), waitForSignal()])
    : waitForSignal());
  for (const stop of stops) stop();
  await pending;
  await writer.close();
  client.close();
  out(`wrote ${count} messages on ${recorded.size} topics to ${writer.directory}`);
  return 0;
}

function info(argv: string[]): number {
  const path = argv[0];
  if (!path) throw new UsageError('bag info needs a BAG (folder or .mcap file)');
  const bag = readBag(path);
  const first = bag.messages[0]?.logTimeNs ?? 0n;
  const last = bag.messages.at(-1)?.logTimeNs ?? 0n;
  const when = (ns: bigint) => `${new Date(Number(ns / 1_000_000n)).toISOString()} (${Number(ns) / 1e9})`;
  const counts = new Map<number, number>();
  for (const m of bag.messages) counts.set(m.topicId, (counts.get(m.topicId) ?? 0) + 1);
  out(`Files:             ${bag.file}`);
  out(`Bag size:          ${(statSync(bag.file).size / 1024).toFixed(1)} KiB`);
  out(`Storage id:        mcap (profile '${bag.profile}')`);
  out(`Duration:          ${(Number(last - first) / 1e9).toFixed(3)}s`);
  out(`Start:             ${when(first)}`);
  out(`End:               ${when(last)}`);
  out(`Messages:          ${bag.messages.length}`);
  const topics = [...bag.topics.values()];
  topics.forEach((t, k) =>
    out(
      `${k === 0 ? 'Topic information: ' : '                   '}Topic: ${t.topic} | Type: ${t.type} | Count: ${counts.get(t.id) ?? 0} | Serialization Format: cdr`,
    ),
  );
  if (bag.error) process.stderr.write(`katazuke: ${bag.error}; the above is what was intact\n`);
  return bag.error ? 1 : 0;
}

async function play(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      rate: { type: 'string', short: 'r' },
      loop: { type: 'boolean', short: 'l' },
      clock: { type: 'boolean' },
    },
  });
  const path = positionals[0];
  if (!path) throw new UsageError('bag play needs a BAG (folder or .mcap file)');
  const rate = positiveNumber(values.rate, '--rate') ?? 1;
  const recording = readBag(path);
  if (recording.error) process.stderr.write(`katazuke: ${recording.error}; playing what was intact\n`);
  if (recording.messages.length === 0) throw new Error(`${recording.file} has no messages to play`);
  const client = await ControlClient.connect(controlUrl());
  try {
    let interrupted = false;
    void waitForSignal().then(() => (interrupted = true));
    const send = new Map(
      [...recording.topics.values()].map(
        (t) => [t.id, client.advertiseRaw(t.topic, t.type, t.schema)] as const,
      ),
    );
    const publishClock = values.clock ? client.advertise('/clock', 'rosgraph_msgs/msg/Clock') : undefined;
    // Let the server learn the channels before the first message.
    await new Promise((resolve) => setTimeout(resolve, 100));
    do {
      const played = await playOnce(recording, send, rate, publishClock, () => interrupted);
      out(`played ${played} messages`);
    } while (values.loop && !interrupted);
    return 0;
  } finally {
    client.close();
  }
}

/** Publishes every message at its offset from the first, scaled by 1/rate; returns how many went out. */
async function playOnce(
  recording: Bag,
  send: ReadonlyMap<number, (bytes: Uint8Array) => void>,
  rate: number,
  publishClock: ((message: unknown) => void) | undefined,
  interrupted: () => boolean,
): Promise<number> {
  const first = recording.messages[0]!.logTimeNs;
  const startNs = process.hrtime.bigint();
  const bagTime = () => first + BigInt(Math.round(Number(process.hrtime.bigint() - startNs) * rate));
  const ticker = publishClock
    ? setInterval(() => {
        const t = bagTime();
        publishClock({ clock: { sec: Number(t / 1_000_000_000n), nanosec: Number(t % 1_000_000_000n) } });
      }, 1000 / CLOCK_HZ)
    : undefined;
  let played = 0;
  try {
    for (const message of recording.messages) {
      if (interrupted()) break;
      const due = startNs + BigInt(Math.round(Number(message.logTimeNs - first) / rate));
      await until(due);
      send.get(message.topicId)?.(message.data);
      played++;
    }
  } finally {
    if (ticker) clearInterval(ticker);
  }
  return played;
}

/** Waits until the monotonic clock reaches `dueNs`: a timer for most of it, then the last 2 ms on the event loop. */
async function until(dueNs: bigint): Promise<void> {
  const aheadMs = Number(dueNs - process.hrtime.bigint()) / 1e6;
  if (aheadMs > 3) await new Promise((resolve) => setTimeout(resolve, aheadMs - 2));
  while (process.hrtime.bigint() < dueNs) await new Promise((resolve) => setImmediate(resolve));
}
