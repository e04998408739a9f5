/**
 * The synthetic speakers of the voice evaluation and of the acoustic enrollment set: espeak-ng
 * voices at several speaking rates, with white noise at a fixed signal-to-noise ratio. Both use
 * the same conditions so that enrollment is to the voices, never to the evaluation's sentences.
 */
import type { AudioClip } from '../../speech/audio.ts';
import { synthesize } from '../../speech/EspeakSynthesizer.ts';
import { normalizeEnglish } from '../parseEnglish.ts';
import type { Random } from '../../common/random.ts';

export const VOICES = ['en-us', 'en-gb', 'en-us+f3', 'en-us+m3'];
export const SPEEDS_WPM = [130, 160, 190];
export const SNR_DB = 20;

/** What a person would say for a typed instruction: no arrows, no texting shorthands. */
export function spoken(text: string): string {
  return normalizeEnglish(text.replace(/->/g, ' to ')).join(' ');
}

/** The voice and rate of the `index`-th speaker: voices cycle fastest, then rates. */
export function speakerFor(index: number): { voice: string; wordsPerMinute: number } {
  return {
    voice: VOICES[index % VOICES.length]!,
    wordsPerMinute: SPEEDS_WPM[Math.floor(index / VOICES.length) % SPEEDS_WPM.length]!,
  };
}

export function addNoise(clip: AudioClip, random: Random, snrDb = SNR_DB): AudioClip {
  let energy = 0;
  for (const s of clip.samples) energy += s * s;
  const rms = Math.sqrt(energy / Math.max(1, clip.samples.length));
  const sigma = rms / 10 ** (snrDb / 20);
  const samples = new Int16Array(clip.samples.length);
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.max(-32768, Math.min(32767, Math.round(clip.samples[i]! + sigma * random.gaussian())));
  return { sampleRate: clip.sampleRate, samples };
}

/** `text` said by the `index`-th speaker, with noise drawn from `noise`. */
export async function speak(text: string, index: number, noise: Random): Promise<AudioClip> {
  return addNoise(await synthesize(spoken(text), speakerFor(index)), noise);
}
