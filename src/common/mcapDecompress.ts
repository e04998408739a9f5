/** MCAP chunk decompressors for what `ros2 bag record -s mcap` writes: zstd (its default) and lz4 frames. */
import { decompress as zstd } from 'fzstd';
import lz4 from 'lz4js';

export const DECOMPRESS_HANDLERS = {
  zstd: (buffer: Uint8Array, size: bigint) => zstd(buffer, new Uint8Array(Number(size))),
  lz4: (buffer: Uint8Array, size: bigint) => lz4.decompress(buffer, Number(size)),
};
