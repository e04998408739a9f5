/** MCAP chunk decompressors for what `ros2 bag record -s mcap` writes: zstd (its default) and lz4 frames. */
import { createRequire } from 'node:module';
import { decompress as zstd } from 'fzstd';

// lz4js is CommonJS without typings: its frame decoder is all that is used.
const lz4 = createRequire(import.meta.url)('lz4js') as {
  decompress(source: Uint8Array, maxSize?: number): Uint8Array;
};

export const DECOMPRESS_HANDLERS = {
  zstd: (buffer: Uint8Array, size: bigint) => zstd(buffer, new Uint8Array(Number(size))),
  lz4: (buffer: Uint8Array, size: bigint) => lz4.decompress(buffer, Number(size)),
};
