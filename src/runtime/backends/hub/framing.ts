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

/**
 * Reassembles frames from socket chunks. Every byte is copied once, straight into its frame's
 * own buffer, so chunks may come from a reused read buffer (`onread`) and frames stay valid.
 */
export class FrameReader {
  readonly #length = Buffer.alloc(4);
  #lengthFill = 0;
  #frame: Buffer | undefined;
  #frameFill = 0;

  constructor(private readonly onFrame: (frame: Frame) => void) {}

  push(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.#frame) {
        const take = Math.min(4 - this.#lengthFill, chunk.length - offset);
        this.#length.set(chunk.subarray(offset, offset + take), this.#lengthFill);
        this.#lengthFill += take;
        offset += take;
        if (this.#lengthFill < 4) return;
        const length = this.#length.readUInt32LE(0);
        if (length < 1 || length > MAX_FRAME_BYTES) throw new Error(`corrupt stream: frame length ${length}`);
        this.#frame = Buffer.allocUnsafe(length);
        this.#frameFill = 0;
        this.#lengthFill = 0;
        continue;
      }
      const frame = this.#frame;
      const take = Math.min(frame.length - this.#frameFill, chunk.length - offset);
      frame.set(chunk.subarray(offset, offset + take), this.#frameFill);
      this.#frameFill += take;
      offset += take;
      if (this.#frameFill === frame.length) {
        this.#frame = undefined;
        this.onFrame({ kind: frame[0] as FrameKindCode, body: frame.subarray(1) });
      }
    }
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
