/**
 * Speech recognition with Debian's pocketsphinx 0.8, constrained by a JSGF grammar generated from
 * the world (`buildSpeechGrammar`) with a dictionary built for exactly its words. Audio is
 * resampled to 16 kHz mono by sox and decoded by `pocketsphinx_batch` as one utterance (its own
 * voice-activity detection drops silence) with the spectrum warped for a shorter and a longer
 * vocal tract, at once, and for an average one only when those two disagree (vocal tract length
 * normalization): the reading with the best acoustic score wins, which suits voices the acoustic
 * model fits poorly (on the dev split's synthesized speech, 82% → 87% of first turns grounded as
 * the typed text was). When the two agree the third changed no first reading of 80 dev sentences,
 * and waiting for it cost a third decode on two cores. The distinct readings come back best
 * first; confidence is the share of the decodes that heard the best one.
 * Silence, or speech no grammar path fits, gives no hypothesis.
 */
import { pruneVoidRules } from '../language/pruneVoidRules.ts';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSpeechGrammar } from '../language/speechGrammar.ts';
import type { Vocabulary } from '../language/vocabulary.ts';
import type { Scene } from '../language/scene.ts';
import { encodeWav, type AudioClip } from './audio.ts';
import { pronunciationLines } from './pronunciations.ts';
import { run, SOX_16K_MONO } from './tools.ts';

export interface Hypothesis {
  readonly text: string;
  readonly confidence: number;
}

export interface SpeechRecognizer {
  /** `answer`: the speaker is answering the robot's question (a smaller grammar). */
  recognize(audio: AudioClip, expecting?: 'instruction' | 'answer'): Promise<Hypothesis[]>;
}

export interface PocketSphinxOptions {
  readonly modelDir?: string;
  readonly dictionary?: string;
  /**
   * A directory of MAP-adapted parameters for the base model (`npm run train:speech` writes
   * ENROLLED_VOICES): the model then fits the enrolled voices better and other voices worse.
   */
  readonly acousticAdaptation?: string;
}

/** The adaptation to the voice evaluation's synthetic speakers (models/speech/en-us-enrolled.card.json). */
export const ENROLLED_VOICES = fileURLToPath(new URL('../../models/speech/en-us-enrolled', import.meta.url));
const ADAPTATION_FILES = {
  '-mean': 'means',
  '-var': 'variances',
  '-sendump': 'sendump',
  '-tmat': 'transition_matrices',
};

/** Wider beams and a low filler probability: chosen on the dev split's synthesized speech (word errors 0.26 → 0.21). */
const DECODER_SETTINGS = ['-beam', '1e-60', '-wbeam', '1e-40', '-pbeam', '1e-60', '-fillprob', '1e-10'];
/** Inverse-linear frequency warps decoded first, at once: a shorter vocal tract and a longer one. */
const FIRST_WARPS = [0.9, 1.1];
/** The warp decoded when those two disagree: none. */
const TIE_BREAK_WARP = 1;
const WARPS = [...FIRST_WARPS, TIE_BREAK_WARP];
const DEFAULT_MODEL = '/usr/share/pocketsphinx/model/en-us/en-us';
/** CMUdict as Debian's pocketsphinx-en-us ships it. */
export const DEFAULT_DICT = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';

export class PocketSphinxRecognizer implements SpeechRecognizer {
  /** Names each clip's temporary files apart. */
  #clips = 0;

  private constructor(
    private readonly dir: string,
    private readonly modelArguments: readonly string[],
    /** Words dropped from the grammar for lack of any pronunciation. */
    readonly unpronounceable: readonly string[],
  ) {}

  /** Writes the world's grammar and dictionary; throws a clear error when pocketsphinx is missing. */
  static async create(
    vocabulary: Vocabulary,
    scene?: Scene,
    options: PocketSphinxOptions = {},
  ): Promise<PocketSphinxRecognizer> {
    const modelArguments = ['-hmm', options.modelDir ?? DEFAULT_MODEL];
    if (options.acousticAdaptation !== undefined) {
      for (const [flag, file] of Object.entries(ADAPTATION_FILES)) {
        const path = join(options.acousticAdaptation, file);
        if (!existsSync(path))
          throw new Error(
            `acoustic adaptation ${options.acousticAdaptation} has no '${file}' (npm run train:speech writes it)`,
          );
        modelArguments.push(flag, path);
      }
    }
    const grammar = buildSpeechGrammar(vocabulary, scene);
    const { lines, missing } = await pronunciationLines(grammar.words, options.dictionary ?? DEFAULT_DICT);
    const dir = await mkdtemp(join(tmpdir(), 'katazuke-asr-'));
    let jsgf = grammar.jsgf;
    for (const word of missing)
      jsgf = jsgf.replace(new RegExp(`(?<=[=|( ])${word}(?=[ |);])`, 'g'), '<VOID>');
    let answerJsgf = grammar.answerJsgf;
    for (const word of missing)
      answerJsgf = answerJsgf.replace(new RegExp(`(?<=[=|( ])${word}(?=[ |);])`, 'g'), '<VOID>');
    // pocketsphinx hears nothing at all with a <VOID> in its grammar: take what it voids out.
    await writeFile(join(dir, 'world.gram'), pruneVoidRules(jsgf));
    await writeFile(join(dir, 'answer.gram'), pruneVoidRules(answerJsgf));
    await writeFile(join(dir, 'world.dict'), `${lines.join('\n')}\n`);
    return new PocketSphinxRecognizer(dir, modelArguments, missing);
  }

  async recognize(
    audio: AudioClip,
    expecting: 'instruction' | 'answer' = 'instruction',
  ): Promise<Hypothesis[]> {
    if (audio.samples.length === 0) return [];
    if (!(audio.sampleRate >= 4000 && audio.sampleRate <= 192_000))
      throw new Error(`audio sample rate ${audio.sampleRate} Hz is not usable`);
    const name = `in-${process.pid}-${this.#clips++}`;
    const input = join(this.dir, `${name}.wav`);
    const raw = join(this.dir, `${name}.raw`);
    const control = join(this.dir, `${name}.ctl`);
    await writeFile(input, encodeWav(audio));
    try {
      await run('sox', [input, ...SOX_16K_MONO, '-t', 'raw', raw]);
      await writeFile(control, `${name}\n`);
      const grammar = join(this.dir, expecting === 'answer' ? 'answer.gram' : 'world.gram');
      const decode = (warp: number) => this.#decode(name, control, grammar, warp);
      const readings = await Promise.all(FIRST_WARPS.map(decode));
      const agreed = readings[0] !== undefined && readings[0].text === readings[1]?.text;
      if (!agreed) readings.push(await decode(TIE_BREAK_WARP));
      const heard = readings.filter((r): r is Reading => r !== undefined).sort((a, b) => b.score - a.score);
      const texts = [...new Set(heard.map((r) => r.text))];
      return texts.map((text) => ({
        text,
        confidence: heard.filter((r) => r.text === text).length / readings.length,
      }));
    } finally {
      await Promise.all(
        [input, raw, control, ...WARPS.map((warp) => join(this.dir, `${name}-${warp}.hyp`))].map((f) =>
          rm(f, { force: true }),
        ),
      );
    }
  }

  /** pocketsphinx_batch over the raw clip `name`.raw (listed in `control`) with the spectrum warped by `warp`. */
  async #decode(name: string, control: string, grammar: string, warp: number): Promise<Reading | undefined> {
    const hypothesis = join(this.dir, `${name}-${warp}.hyp`);
    await run('pocketsphinx_batch', [
      '-adcin',
      'yes',
      '-cepdir',
      this.dir,
      '-cepext',
      '.raw',
      '-ctl',
      control,
      '-hyp',
      hypothesis,
      '-jsgf',
      grammar,
      ...this.modelArguments,
      '-dict',
      join(this.dir, 'world.dict'),
      '-logfn',
      '/dev/null',
      '-warp_type',
      'inverse_linear',
      '-warp_params',
      String(warp),
      ...DECODER_SETTINGS,
    ]);
    return parseHypothesis(await readFile(hypothesis, 'utf8'));
  }

  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

interface Reading {
  readonly text: string;
  /** Acoustic and grammar log score (higher is better). */
  readonly score: number;
}

/** pocketsphinx_batch's hypothesis line, "words (utterance-id score)"; undefined when no words. */
export function parseHypothesis(output: string): Reading | undefined {
  const match = /^(.*?)\s*\(\S+ (-?\d+)\)\s*$/.exec(output.trim());
  if (!match || match[1]!.trim() === '') return undefined;
  return { text: match[1]!.trim(), score: Number(match[2]) };
}
