import { describe, expect, it } from 'vitest';
import { depthInMetres } from '../../src/perception/depthImage.ts';

describe('depthInMetres', () => {
  it('reads 32FC1 metres in either byte order and 16UC1 millimetres, with no-returns as 0', () => {
    const little = new DataView(new ArrayBuffer(16));
    [1.5, NaN, 0, 2.25].forEach((v, i) => little.setFloat32(4 * i, v, true));
    const image = { width: 2, height: 2, encoding: '32FC1', step: 8 };
    expect([...depthInMetres({ ...image, data: new Uint8Array(little.buffer) })]).toEqual([1.5, 0, 0, 2.25]);
    const big = new DataView(new ArrayBuffer(16));
    [1.5, Infinity, -1, 2.25].forEach((v, i) => big.setFloat32(4 * i, v, false));
    expect([...depthInMetres({ ...image, is_bigendian: 1, data: new Uint8Array(big.buffer) })]).toEqual([
      1.5, 0, 0, 2.25,
    ]);
    const mm = new DataView(new ArrayBuffer(8));
    [1500, 0, 65535, 20].forEach((v, i) => mm.setUint16(2 * i, v, true));
    const metres = depthInMetres({
      width: 2,
      height: 2,
      encoding: '16UC1',
      step: 4,
      data: new Uint8Array(mm.buffer),
    });
    expect(metres[0]).toBeCloseTo(1.5, 6);
    expect(metres[2]).toBeCloseTo(65.535, 4);
    expect(metres[3]).toBeCloseTo(0.02, 6);
  });

  it('honours row padding and reuses the output buffer', () => {
    const data = new Uint8Array(2 * 6); // two rows of one 16UC1 pixel plus 4 padding bytes
    new DataView(data.buffer).setUint16(6, 1234, true);
    const out = new Float32Array(2);
    const metres = depthInMetres({ width: 1, height: 2, encoding: '16UC1', step: 6, data }, out);
    expect(metres).toBe(out);
    expect(metres[1]).toBeCloseTo(1.234, 6);
  });

  it('names the wrong encoding, an empty image and short data', () => {
    const data = new Uint8Array(8);
    expect(() => depthInMetres({ width: 2, height: 1, encoding: 'rgb8', step: 6, data })).toThrow(
      /unsupported depth encoding 'rgb8' \(expected 32FC1 in metres or 16UC1 in mm\)/,
    );
    expect(() => depthInMetres({ width: 0, height: 0, encoding: '32FC1', step: 0, data })).toThrow(
      /depth image has no pixels: 0×0/,
    );
    expect(() => depthInMetres({ width: 4, height: 1, encoding: '32FC1', step: 16, data })).toThrow(
      /depth image data too short: 8 bytes for 1 rows of step 16/,
    );
  });
});
