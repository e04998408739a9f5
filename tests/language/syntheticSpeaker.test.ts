import { describe, expect, it } from 'vitest';
import { Random } from '../../src/common/random.ts';
import { addNoise, speakerFor, spoken } from '../../src/language/evaluation/syntheticSpeaker.ts';

describe('the synthetic speakers of the voice evaluation and enrollment', () => {
  it('adds white noise at the asked signal-to-noise ratio', () => {
    const samples = Int16Array.from({ length: 16000 }, (_, i) => Math.round(8000 * Math.sin(i / 5)));
    const noisy = addNoise({ sampleRate: 16000, samples }, new Random(1), 20);
    let signal = 0;
    let noise = 0;
    for (let i = 0; i < samples.length; i++) {
      signal += samples[i]! ** 2;
      noise += (noisy.samples[i]! - samples[i]!) ** 2;
    }
    expect(10 * Math.log10(signal / noise)).toBeCloseTo(20, 0);
  });

  it('cycles voices fastest, then speaking rates', () => {
    expect(speakerFor(0)).toEqual({ voice: 'en-us', wordsPerMinute: 130 });
    expect(speakerFor(3)).toEqual({ voice: 'en-us+m3', wordsPerMinute: 130 });
    expect(speakerFor(4)).toEqual({ voice: 'en-us', wordsPerMinute: 160 });
  });

  it('says typed shorthands as words', () => {
    expect(spoken('put da cup -> the box pls')).toBe('put the cup to the box please');
  });
});
