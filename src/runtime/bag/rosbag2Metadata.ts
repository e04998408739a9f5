/** rosbag2's `metadata.yaml` (bag information, version 5 as Humble writes it) for one MCAP file. */
import { stringify } from 'yaml';

export interface TopicRecord {
  readonly topic: string;
  readonly type: string;
  readonly qosYaml: string;
  count: number;
}

export function rosbag2MetadataYaml(bag: {
  readonly file: string;
  readonly startNs: bigint;
  readonly durationNs: bigint;
  readonly topics: readonly TopicRecord[];
}): string {
  const total = bag.topics.reduce((sum, t) => sum + t.count, 0);
  return stringify({
    rosbag2_bagfile_information: {
      version: 5,
      storage_identifier: 'mcap',
      duration: { nanoseconds: bag.durationNs },
      starting_time: { nanoseconds_since_epoch: bag.startNs },
      message_count: total,
      topics_with_message_count: bag.topics.map((t) => ({
        topic_metadata: {
          name: t.topic,
          type: t.type,
          serialization_format: 'cdr',
          offered_qos_profiles: t.qosYaml,
        },
        message_count: t.count,
      })),
      compression_format: '',
      compression_mode: '',
      relative_file_paths: [bag.file],
      files: [
        {
          path: bag.file,
          starting_time: { nanoseconds_since_epoch: bag.startNs },
          duration: { nanoseconds: bag.durationNs },
          message_count: total,
        },
      ],
    },
  });
}
