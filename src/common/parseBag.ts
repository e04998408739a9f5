/**
 * An MCAP bag's records parsed from its bytes, record by record, so a truncated or damaged file
 * gives back everything intact before the damage, with an error that says where it stopped and
 * why. Chunks may be uncompressed (as katazuke writes them), zstd (as `ros2 bag record -s mcap`
 * does by default) or lz4. No file system: the viewer's page parses a recording with it too.
 */
import { McapStreamReader } from '@mcap/core';
import { DECOMPRESS_HANDLERS } from './mcapDecompress.ts';

export interface BagTopic {
  readonly id: number;
  readonly topic: string;
  readonly type: string;
  /** ros2msg schema text. */
  readonly schema: string;
  readonly qosYaml: string;
}

export interface BagMessage {
  readonly topicId: number;
  readonly logTimeNs: bigint;
  readonly publishTimeNs: bigint;
  readonly data: Uint8Array;
}

export interface Bag {
  readonly file: string;
  readonly profile: string;
  readonly topics: Map<number, BagTopic>;
  /** In log time order. */
  readonly messages: BagMessage[];
  /** Why reading stopped before the end, if it did. */
  readonly error: string | undefined;
}

/** The bag in `bytes` (the contents of the .mcap file `file`, named in errors). */
export function parseBag(bytes: Uint8Array, file: string): Bag {
  const reader = new McapStreamReader({ validateCrcs: true, decompressHandlers: DECOMPRESS_HANDLERS });
  reader.append(bytes);
  const schemas = new Map<number, { name: string; data: string }>();
  const topics = new Map<number, BagTopic>();
  const messages: BagMessage[] = [];
  let profile = '';
  let error: string | undefined;
  for (;;) {
    let record;
    try {
      record = reader.nextRecord();
    } catch (failure) {
      error = `${file}: unreadable after ${bytes.length - reader.bytesRemaining()} of ${bytes.length} bytes: ${(failure as Error).message}`;
      break;
    }
    if (!record) break;
    switch (record.type) {
      case 'Header':
        profile = record.profile;
        break;
      case 'Schema':
        schemas.set(record.id, { name: record.name, data: new TextDecoder().decode(record.data) });
        break;
      case 'Channel': {
        const schema = schemas.get(record.schemaId);
        topics.set(record.id, {
          id: record.id,
          topic: record.topic,
          type: schema?.name ?? '',
          schema: schema?.data ?? '',
          qosYaml: record.metadata.get('offered_qos_profiles') ?? '',
        });
        break;
      }
      case 'Message':
        messages.push({
          topicId: record.channelId,
          logTimeNs: record.logTime,
          publishTimeNs: record.publishTime,
          data: record.data,
        });
        break;
      default:
        // Indexes, statistics and the rest: the messages in log time order are all a player needs.
        break;
    }
  }
  if (!error && !reader.done())
    error = `${file}: truncated: the file ends inside a record (${reader.bytesRemaining()} bytes left unread)`;
  messages.sort((a, b) => (a.logTimeNs < b.logTimeNs ? -1 : a.logTimeNs > b.logTimeNs ? 1 : 0));
  return { file, profile, topics, messages, error };
}
