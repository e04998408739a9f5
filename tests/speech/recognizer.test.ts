/**
 * The recognizer on audio that espeak-ng synthesizes in the test (CI installs pocketsphinx,
 * pocketsphinx-en-us, espeak-ng and sox from Debian).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Grounder } from '../../src/language/Grounder.ts';
import { parseScene } from '../../src/language/scene.ts';
import { buildSpeechGrammar } from '../../src/language/speechGrammar.ts';
import { decodeWav, encodeWav } from '../../src/speech/audio.ts';
import { synthesize } from '../../src/speech/EspeakSynthesizer.ts';
import {
  ENROLLED_VOICES,
  PocketSphinxRecognizer,
  parseHypothesis,
} from '../../src/speech/PocketSphinxRecognizer.ts';
import { ipaToCmu } from '../../src/speech/pronunciations.ts';

const scene = parseScene(
  JSON.parse(readFileSync(new URL('../fixtures/scenes/living_room.json', import.meta.url), 'utf8')),
);
let recognizer: PocketSphinxRecognizer;
const grounder = () => new Grounder(scene);

beforeAll(async () => {
  recognizer = await PocketSphinxRecognizer.create(grounder().vocabulary, scene);
});
afterAll(async () => {
  await recognizer.close();
});

describe('speech recognition with a grammar generated from the world', () => {
  it('recognizes a synthesized instruction and grounds it', async () => {
    const [best] = await recognizer.recognize(
      await synthesize('put the red cup in the toy box', { voice: 'en-us', wordsPerMinute: 150 }),
    );
    expect(best?.text.replace('toybox', 'toy box')).toBe('put the red cup in the toy box');
    expect(best!.confidence).toBeGreaterThan(0);
    expect(grounder().turn(best!.text)).toMatchObject({
      intent: 'move',
      targets: ['cup_red'],
      destination: 'toy_box',
    });
  });

  it('hears a filler before a polite frame, and a kind of thing as a group', async () => {
    const [request] = await recognizer.recognize(
      await synthesize('uh can you get me the red cup please', { voice: 'en-us', wordsPerMinute: 150 }),
    );
    expect(grounder().turn(request!.text)).toMatchObject({ intent: 'bring', targets: ['cup_red'] });
    const [tidy] = await recognizer.recognize(
      await synthesize('put away the toys', { voice: 'en-us', wordsPerMinute: 150 }),
    );
    expect(grounder().turn(tidy!.text)).toMatchObject({ intent: 'tidy' });
    expect(grounder().turn(tidy!.text).targets).toEqual(expect.arrayContaining(['blocks', 'car_1', 'car_2']));
  });

  it('hears a question about where something is', async () => {
    const [best] = await recognizer.recognize(await synthesize('where are the socks', { voice: 'en-us' }));
    expect(grounder().turn(best!.text)).toMatchObject({ intent: 'find', targets: ['sock_1', 'sock_2'] });
  });

  it('empty audio and silence give no hypothesis, and grounding says it heard nothing', async () => {
    expect(await recognizer.recognize({ sampleRate: 16000, samples: new Int16Array(0) })).toEqual([]);
    const silence = await recognizer.recognize({ sampleRate: 16000, samples: new Int16Array(32000) });
    expect(silence).toEqual([]);
    expect(grounder().turn(silence[0]?.text ?? '')).toMatchObject({
      intent: 'none',
      reply: "I didn't hear anything. Could you say that again?",
    });
  });

  it('rejects an unusable sample rate with a clear error', async () => {
    await expect(recognizer.recognize({ sampleRate: 0, samples: new Int16Array(10) })).rejects.toThrow(
      /sample rate 0 Hz is not usable/,
    );
  });

  it('recognizes with the acoustic model adapted to the enrolled voices', async () => {
    const enrolled = await PocketSphinxRecognizer.create(grounder().vocabulary, scene, {
      acousticAdaptation: ENROLLED_VOICES,
    });
    try {
      const [best] = await enrolled.recognize(
        await synthesize('where are the socks', { voice: 'en-us+f3', wordsPerMinute: 160 }),
      );
      expect(grounder().turn(best!.text)).toMatchObject({ intent: 'find', targets: ['sock_1', 'sock_2'] });
    } finally {
      await enrolled.close();
    }
  });

  it('names the missing file of an incomplete acoustic adaptation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'katazuke-adaptation-'));
    writeFileSync(join(dir, 'means'), '');
    await expect(
      PocketSphinxRecognizer.create(grounder().vocabulary, scene, { acousticAdaptation: dir }),
    ).rejects.toThrow(/has no 'variances' \(npm run train:speech writes it\)/);
    rmSync(dir, { recursive: true });
  });

  it("the grammar holds the scene's words and not the rest of the lexicon", () => {
    const grammar = buildSpeechGrammar(grounder().vocabulary, scene);
    expect(grammar.words).toEqual(
      expect.arrayContaining(['cup', 'socks', 'laundry', 'basket', 'red', 'fluffy']),
    );
    expect(grammar.words).not.toContain('kendama');
    expect(grammar.words).not.toContain('purple');
    expect(grammar.jsgf).toMatch(/^#JSGF V1\.0;\ngrammar katazuke;\npublic <utterance> = /);
  });
});

describe('speech helpers', () => {
  it("parses pocketsphinx_batch's hypothesis line with its score", () => {
    expect(parseHypothesis('put the cup (in-1-0 -3932)\n')).toEqual({ text: 'put the cup', score: -3932 });
    expect(parseHypothesis(' (in-1-0 0)\n')).toBeUndefined();
    expect(parseHypothesis('')).toBeUndefined();
  });

  it('maps espeak-ng IPA to CMU phones for words CMUdict lacks', () => {
    expect(ipaToCmu('kɛndˈɑːmə')).toEqual(['K', 'EH', 'N', 'D', 'AA', 'M', 'AH']);
  });

  it('writes and reads mono PCM16 WAV, and names what it cannot read', () => {
    const clip = { sampleRate: 22050, samples: Int16Array.of(0, 1000, -1000, 32767, -32768) };
    expect(decodeWav(encodeWav(clip))).toEqual(clip);
    expect(() => decodeWav(Buffer.from('not a wav file at all'))).toThrow(/not a RIFF\/WAVE file/);
  });
});
