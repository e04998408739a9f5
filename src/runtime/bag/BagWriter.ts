/**
 * Writes a ROS 2 bag as rosbag2 does with its MCAP storage: a folder with `NAME_0.mcap` (profile
 * `ros2`; schemas in `ros2msg` with their dependencies as `MSG:` sections; channels in `cdr`
 * with their offered QoS as rosbag2's YAML; chunked and indexed, so Foxglove and
 * `ros2 bag info/play` open it) and `metadata.yaml` (rosbag2's bag information). Messages go in
 * as their CDR bytes, untouched.
 */
import { mkdirSync, openSync, writeSync, closeSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { McapWriter, type IWritable } from '@mcap/core';
import { rosbag2MetadataYaml, type TopicRecord } from './rosbag2Metadata.ts';

/** rosbag2's offered QoS for a reliable, volatile topic with keep-last history (Humble's YAML form). */
export const DEFAULT_QOS_YAML =
  '- history: 3\n  depth: 0\n  reliability: 1\n  durability: 2\n  deadline:\n    sec: 2147483647\n    nsec: 4294967295\n  lifespan:\n    sec: 2147483647\n    nsec: 4294967295\n  liveliness: 1\n  liveliness_lease_duration:\n    sec: 2147483647\n    nsec: 4294967295\n  avoid_ros_namespace_conventions: false\n';

class FileWritable implements IWritable {
  #position = 0n;
  constructor(readonly fd: number) {}
  write(buffer: Uint8Array): Promise<void> {
    writeSync(this.fd, buffer);
    this.#position += BigInt(buffer.byteLength);
    return Promise.resolve();
  }
  position(): bigint {
    return this.#position;
  }
}

export class BagWriter {
  readonly #topics = new Map<number, TopicRecord>();
  readonly #schemas = new Map<string, number>();
  #first: bigint | undefined;
  #last = 0n;
  #sequence = 0;

  private constructor(
    readonly directory: string,
    readonly file: string,
    readonly mcap: McapWriter,
    readonly fd: number,
  ) {}

  /** Starts a bag in `directory`, which must not exist yet or be empty (as `ros2 bag record -o`). */
  static async create(directory: string): Promise<BagWriter> {
    if (existsSync(directory) && readdirSync(directory).length > 0)
      throw new Error(`bag folder '${directory}' already exists and is not empty`);
    mkdirSync(directory, { recursive: true });
    const file = `${basename(directory)}_0.mcap`;
    const fd = openSync(join(directory, file), 'w');
    const mcap = new McapWriter({
      writable: new FileWritable(fd),
      useStatistics: true,
      chunkSize: 64 * 1024,
    });
    await mcap.start({ profile: 'ros2', library: 'katazuke' });
    return new BagWriter(directory, file, mcap, fd);
  }

  /** Adds a topic; returns the id its messages are written under. */
  async addTopic(topic: string, type: string, schema: string, qosYaml = DEFAULT_QOS_YAML): Promise<number> {
    let schemaId = this.#schemas.get(type);
    if (schemaId === undefined) {
      schemaId = await this.mcap.registerSchema({
        name: type,
        encoding: 'ros2msg',
        data: new TextEncoder().encode(schema),
      });
      this.#schemas.set(type, schemaId);
    }
    const id = await this.mcap.registerChannel({
      topic,
      schemaId,
      messageEncoding: 'cdr',
      metadata: new Map([['offered_qos_profiles', qosYaml]]),
    });
    this.#topics.set(id, { topic, type, qosYaml, count: 0 });
    return id;
  }

  /** Writes one message's CDR bytes received at `logTimeNs` (nanoseconds since the epoch). */
  async write(
    topicId: number,
    data: Uint8Array,
    logTimeNs: bigint,
    publishTimeNs = logTimeNs,
  ): Promise<void> {
    const topic = this.#topics.get(topicId);
    if (!topic) throw new Error(`no topic with id ${topicId} in this bag`);
    topic.count++;
    this.#first = this.#first === undefined || logTimeNs < this.#first ? logTimeNs : this.#first;
    if (logTimeNs > this.#last) this.#last = logTimeNs;
    await this.mcap.addMessage({
      channelId: topicId,
      sequence: this.#sequence++,
      logTime: logTimeNs,
      publishTime: publishTimeNs,
      data,
    });
  }

  /** Finishes the MCAP (summary and footer) and writes metadata.yaml. */
  async close(): Promise<void> {
    const topics = [...this.#topics.values()];
    const start = this.#first ?? 0n;
    const duration = this.#first === undefined ? 0n : this.#last - this.#first;
    const metadata = rosbag2MetadataYaml({ file: this.file, startNs: start, durationNs: duration, topics });
    await this.mcap.addMetadata({ name: 'rosbag2', metadata: new Map([['serialized_metadata', metadata]]) });
    await this.mcap.end();
    closeSync(this.fd);
    writeFileSync(join(this.directory, 'metadata.yaml'), metadata);
  }
}
