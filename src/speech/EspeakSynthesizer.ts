/** Speech synthesis with espeak-ng: replies spoken aloud, and test audio for the recognizer. */
import { decodeWav, type AudioClip } from './audio.ts';
import { run } from './tools.ts';

export interface SynthesisOptions {
  /** espeak-ng voice, e.g. en-us, en-gb, en-us+f3. */
  readonly voice?: string;
  readonly wordsPerMinute?: number;
  readonly pitch?: number;
}

export async function synthesize(text: string, options: SynthesisOptions = {}): Promise<AudioClip> {
  const { stdout } = await run('espeak-ng', [
    '--stdout',
    '-v',
    options.voice ?? 'en-us',
    '-s',
    String(options.wordsPerMinute ?? 160),
    '-p',
    String(options.pitch ?? 50),
    text,
  ]);
  return decodeWav(fixStreamedWavSizes(stdout));
}

/** Says `text` on the default audio device. */
export async function speak(text: string, options: SynthesisOptions = {}): Promise<void> {
  await run('espeak-ng', ['-v', options.voice ?? 'en-us', '-s', String(options.wordsPerMinute ?? 160), text]);
}

/** espeak-ng writes streamed WAV with unknown (0xFFFFFFFF) sizes to stdout; set them from the bytes. */
function fixStreamedWavSizes(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  if (copy.toString('ascii', 0, 4) !== 'RIFF') return copy;
  copy.writeUInt32LE(copy.length - 8, 4);
  let offset = 12;
  while (offset + 8 <= copy.length) {
    const id = copy.toString('ascii', offset, offset + 4);
    if (id === 'data') {
      copy.writeUInt32LE(copy.length - offset - 8, offset + 4);
      break;
    }
    offset += 8 + copy.readUInt32LE(offset + 4);
  }
  return copy;
}
