/** Prints messages the way `ros2 topic echo` does: YAML documents separated by `---`. */
import { stringify } from 'yaml';

const MAX_ARRAY = 32;

function plain(value: unknown, fullLength: 'full' | 'truncate'): unknown {
  if (typeof value === 'bigint')
    return Number(value) === Number(value) && Number.isSafeInteger(Number(value))
      ? Number(value)
      : value.toString();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const list = Array.from(value as unknown as ArrayLike<number>);
    return fullLength === 'truncate' && list.length > MAX_ARRAY
      ? [...list.slice(0, MAX_ARRAY), `... (${list.length} elements)`]
      : list;
  }
  if (Array.isArray(value)) {
    const list = value.map((v) => plain(v, fullLength));
    return fullLength === 'truncate' && list.length > MAX_ARRAY
      ? [...list.slice(0, MAX_ARRAY), `... (${list.length} elements)`]
      : list;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, fullLength)]));
  }
  return value;
}

export function formatMessage(message: unknown, fullLength: 'full' | 'truncate' = 'truncate'): string {
  return `${stringify(plain(message, fullLength)).trimEnd()}\n---`;
}

export function toPlain(value: unknown): unknown {
  return plain(value, 'full');
}
