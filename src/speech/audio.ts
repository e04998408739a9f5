/**
 * Audio clips (mono, signed 16-bit PCM) and RIFF/WAVE files: the canonical 44-byte header for
 * writing, and a chunk walk for reading PCM16 files (other formats go through sox first).
 */
export interface AudioClip {
  readonly sampleRate: number;
  readonly samples: Int16Array;
}

export function encodeWav(clip: AudioClip): Buffer {
  const data = Buffer.from(clip.samples.buffer, clip.samples.byteOffset, clip.samples.byteLength);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(clip.sampleRate, 24);
  header.writeUInt32LE(clip.sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Reads a mono PCM16 WAV; throws naming what is unsupported. */
export function decodeWav(bytes: Buffer): AudioClip {
  if (
    bytes.length < 12 ||
    bytes.toString('ascii', 0, 4) !== 'RIFF' ||
    bytes.toString('ascii', 8, 12) !== 'WAVE'
  )
    throw new Error('not a RIFF/WAVE file');
  let offset = 12;
  let sampleRate = 0;
  let channels = 0;
  let bits = 0;
  let format = 0;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = bytes.readUInt16LE(body);
      channels = bytes.readUInt16LE(body + 2);
      sampleRate = bytes.readUInt32LE(body + 4);
      bits = bytes.readUInt16LE(body + 14);
    } else if (id === 'data') {
      if (format !== 1 || bits !== 16 || channels !== 1)
        throw new Error(
          `unsupported WAV format (PCM=${format === 1}, ${bits}-bit, ${channels} channels): need mono 16-bit PCM`,
        );
      const end = Math.min(bytes.length, body + size);
      const samples = new Int16Array((end - body) >> 1);
      for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(body + 2 * i);
      return { sampleRate, samples };
    }
    offset = body + size + (size & 1);
  }
  throw new Error('WAV file has no data chunk');
}
