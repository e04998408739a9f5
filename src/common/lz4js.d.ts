/** lz4js ships no typings: its frame decoder is all katazuke uses. */
declare module 'lz4js' {
  export function decompress(source: Uint8Array, maxSize?: number): Uint8Array;
  const lz4: { decompress: typeof decompress };
  export default lz4;
}
