/**
 * Frames on a hub connection (a Unix socket): `[u32 LE length][u8 kind][body]`, where length
 * counts kind + body. Kinds: CONTROL (UTF-8 JSON), DATA (`[u32 id][CDR payload]`), and CALL
 * (`[u32 header length][JSON header][CDR payload]`) for service requests and replies.
 * Message payloads are ROS 2 CDR from `@foxglove/rosmsg2-serialization`.
 */
import type { Socket } from 'node:net';

export const FrameKind = { CONTROL: 1, DATA: 2, CALL: 3 } as const;
export type FrameKindCode = (typeof FrameKind)[keyof typeof FrameKind];

export interface Frame {
  readonly kind: FrameKindCode;
  readonly body: Buffer;
}

/** Largest frame accepted; a longer length prefix means a corrupt stream. */
const MAX_FRAME_BYTES = 1 << 30;

/** Reassembles frames from socket chunks, copying a frame only when it spans chunks. */
export class FrameReader {
  #chunks: Buffer[] = [];
  #buffered = 0;

  constructor(private readonly onFrame: (frame: Frame) => void) {}

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    for (;;) {
      if (this.#buffered < 5) return;
      const head = this.#peek(5);
      const length = head.readUInt32LE(0);
      if (length < 1 || length > MAX_FRAME_BYTES)
        throw new Error(`corrupt hub stream: frame length ${length}`);
      if (this.#buffered < 4 + length) return;
      const frame = this.#take(4 + length);
      this.onFrame({ kind: frame[4] as FrameKindCode, body: frame.subarray(5) });
    }
  }

  #peek(bytes: number): Buffer {
    const first = this.#chunks[0]!;
    if (first.length >= bytes) return first;
    return Buffer.concat(this.#chunks, Math.min(this.#buffered, Math.max(bytes, 5)));
  }

  #take(bytes: number): Buffer {
    this.#buffered -= bytes;
    const first = this.#chunks[0]!;
    if (first.length >= bytes) {
      if (first.length === bytes) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(bytes);
      return first.subarray(0, bytes);
    }
    const out = Buffer.allocUnsafe(bytes);
    let filled = 0;
    while (filled < bytes) {
      const chunk = this.#chunks[0]!;
      const need = bytes - filled;
      if (chunk.length <= need) {
        chunk.copy(out, filled);
        filled += chunk.length;
        this.#chunks.shift();
      } else {
        chunk.copy(out, filled, 0, need);
        this.#chunks[0] = chunk.subarray(need);
        filled += need;
      }
    }
    return out;
  }
}

function header(kind: FrameKindCode, bodyBytes: number, extra: number): Buffer {
  const head = Buffer.allocUnsafe(5 + extra);
  head.writeUInt32LE(1 + bodyBytes, 0);
  head[4] = kind;
  return head;
}

export function writeControl(socket: Socket, message: object): void {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  socket.cork();
  socket.write(header(FrameKind.CONTROL, body.length, 0));
  socket.write(body);
  socket.uncork();
}

export function writeData(socket: Socket, id: number, payload: Uint8Array): void {
  const head = header(FrameKind.DATA, 4 + payload.length, 4);
  head.writeUInt32LE(id, 5);
  socket.cork();
  socket.write(head);
  socket.write(payload);
  socket.uncork();
}

export function writeCall(socket: Socket, callHeader: object, payload: Uint8Array): void {
  const json = Buffer.from(JSON.stringify(callHeader), 'utf8');
  const head = header(FrameKind.CALL, 4 + json.length + payload.length, 4);
  head.writeUInt32LE(json.length, 5);
  socket.cork();
  socket.write(head);
  socket.write(json);
  socket.write(payload);
  socket.uncork();
}

export function readData(body: Buffer): { id: number; payload: Buffer } {
  return { id: body.readUInt32LE(0), payload: body.subarray(4) };
}

export function readCall<T>(body: Buffer): { header: T; payload: Buffer } {
  const length = body.readUInt32LE(0);
  return {
    header: JSON.parse(body.subarray(4, 4 + length).toString('utf8')) as T,
    payload: body.subarray(4 + length),
  };
}
