import { mkdtempSync, readFileSync, truncateSync, statSync } from 'node:fs';
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

  it('refuses to record over a bag that is there', async () => {
    const { dir } = await writeBag(1);
    await expect(BagWriter.create(dir)).rejects.toThrow('already exists');
    expect(() => readBag(join(dir, 'nothing'))).toThrow('no bag at');
  });
});
