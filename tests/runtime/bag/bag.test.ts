import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { McapWriter } from '@mcap/core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BagWriter } from '../../../src/runtime/bag/BagWriter.ts';
import { bagFile, readBag } from '../../../src/runtime/bag/BagReader.ts';
import { messageRegistry } from '../../../src/runtime/messages/MessageRegistry.ts';

const registry = messageRegistry();
const STRING = 'std_msgs/msg/String';
const POSE = 'geometry_msgs/msg/PoseStamped';
const T0 = 1_733_370_000_123_456_789n;

async function writeBag(
  count: number,
): Promise<{ dir: string; sent: Array<{ topic: string; data: Uint8Array; t: bigint }> }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'katazuke-bag-')), 'run');
  const bag = await BagWriter.create(dir);
  const chatter = await bag.addTopic('/chatter', STRING, registry.schema(STRING));
  const pose = await bag.addTopic('/pose', POSE, registry.schema(POSE));
  const sent = [];
  for (let k = 0; k < count; k++) {
    const text = registry.serializer(STRING).write({ data: `hello ${k}` });
    const t = T0 + BigInt(k) * 10_000_000n;
    await bag.write(chatter, text, t);
    sent.push({ topic: '/chatter', data: text, t });
    const p = registry.serializer(POSE).write(registry.create(POSE, { header: { frame_id: 'map' } }));
    await bag.write(pose, p, t + 5_000_000n);
    sent.push({ topic: '/pose', data: p, t: t + 5_000_000n });
  }
  await bag.close();
  return { dir, sent };
}

describe('bags (rosbag2 MCAP)', () => {
  it('gives back every message byte for byte, with its topic, type, schema and time', async () => {
    const { dir, sent } = await writeBag(50);
    const bag = readBag(dir);
    expect(bag.error).toBeUndefined();
    expect(bag.profile).toBe('ros2');
    expect(bag.messages).toHaveLength(sent.length);
    bag.messages.forEach((m, k) => {
      const topic = bag.topics.get(m.topicId)!;
      expect(topic.topic).toBe(sent[k]!.topic);
      expect(m.logTimeNs).toBe(sent[k]!.t);
      expect(Buffer.from(m.data).equals(Buffer.from(sent[k]!.data))).toBe(true);
    });
    const pose = [...bag.topics.values()].find((t) => t.topic === '/pose')!;
    expect(pose.type).toBe(POSE);
    expect(pose.schema).toContain('MSG: std_msgs/msg/Header');
    expect(pose.qosYaml).toContain('reliability: 1');
  });

  it("writes rosbag2's metadata.yaml beside the MCAP file", async () => {
    const { dir } = await writeBag(3);
    const info = parse(readFileSync(join(dir, 'metadata.yaml'), 'utf8'), {
      intAsBigInt: true,
    }).rosbag2_bagfile_information;
    expect(info.storage_identifier).toBe('mcap');
    expect(info.message_count).toBe(6n);
    expect(info.starting_time.nanoseconds_since_epoch).toBe(T0);
    expect(info.duration.nanoseconds).toBe(25_000_000n);
    expect(info.relative_file_paths).toEqual(['run_0.mcap']);
    expect(
      info.topics_with_message_count.map((t: { topic_metadata: { name: string } }) => t.topic_metadata.name),
    ).toEqual(['/chatter', '/pose']);
  });

  it('reads what is intact of a truncated file and says where it stopped', async () => {
    const { dir, sent } = await writeBag(5000);
    const file = bagFile(dir);
    truncateSync(file, Math.floor(statSync(file).size * 0.6));
    const bag = readBag(file);
    expect(bag.error).toMatch(/truncated|unreadable/);
    expect(bag.messages.length).toBeGreaterThan(0);
    expect(bag.messages.length).toBeLessThan(sent.length);
    for (const [k, m] of bag.messages.entries())
      expect(Buffer.from(m.data).equals(Buffer.from(sent[k]!.data))).toBe(true);
  });

  it('reads chunks compressed with zstd and lz4, as ros2 bag record -s mcap writes them', async () => {
    const lz4 = createRequire(import.meta.url)('lz4js') as { compress(source: Uint8Array): Uint8Array };
    const compressors = {
      zstd: (data: Uint8Array) => new Uint8Array(execFileSync('zstd', ['-c', '-q'], { input: data })),
      lz4: (data: Uint8Array) => lz4.compress(data),
    };
    for (const [compression, compress] of Object.entries(compressors)) {
      const file = join(mkdtempSync(join(tmpdir(), 'katazuke-bag-')), `${compression}.mcap`);
      const chunks: Uint8Array[] = [];
      const writer = new McapWriter({
        writable: {
          position: () => BigInt(chunks.reduce((n, c) => n + c.length, 0)),
          write: (buffer: Uint8Array) => Promise.resolve(void chunks.push(buffer.slice())),
        },
        compressChunk: (data) => ({ compression, compressedData: compress(data) }),
      });
      await writer.start({ profile: 'ros2', library: 'test' });
      const schemaId = await writer.registerSchema({
        name: STRING,
        encoding: 'ros2msg',
        data: new TextEncoder().encode(registry.schema(STRING)),
      });
      const channelId = await writer.registerChannel({
        topic: '/c',
        schemaId,
        messageEncoding: 'cdr',
        metadata: new Map(),
      });
      const data = registry.serializer(STRING).write({ data: compression.repeat(50) });
      for (let k = 0; k < 20; k++)
        await writer.addMessage({ channelId, sequence: k, logTime: T0 + BigInt(k), publishTime: T0, data });
      await writer.end();
      writeFileSync(file, Buffer.concat(chunks));
      const bag = readBag(file);
      expect(bag.error).toBeUndefined();
      expect(bag.messages).toHaveLength(20);
      expect(Buffer.from(bag.messages[19]!.data).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('refuses to record over a bag that is there', async () => {
    const { dir } = await writeBag(1);
    await expect(BagWriter.create(dir)).rejects.toThrow('already exists');
    expect(() => readBag(join(dir, 'nothing'))).toThrow('no bag at');
  });
});
