/**
 * Reads a ROS 2 bag in MCAP: a rosbag2 folder or the .mcap file itself (parsed by `parseBag`:
 * whatever is intact in a damaged file, with an error saying where it stopped).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseBag, type Bag } from '../../common/parseBag.ts';

export type { Bag, BagMessage, BagTopic } from '../../common/parseBag.ts';

/** The .mcap file of a bag folder, or `path` itself. */
export function bagFile(path: string): string {
  if (!statSync(path, { throwIfNoEntry: false })) throw new Error(`no bag at '${path}'`);
  if (!statSync(path).isDirectory()) return path;
  const mcap = readdirSync(path)
    .filter((f) => f.endsWith('.mcap'))
    .sort();
  if (mcap.length === 0) throw new Error(`bag folder '${path}' has no .mcap file`);
  return join(path, mcap[0]!);
}

export function readBag(path: string): Bag {
  const file = bagFile(path);
  return parseBag(readFileSync(file), file);
}
