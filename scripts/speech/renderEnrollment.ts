/**
 * tsx scripts/speech/renderEnrollment.ts --out DIR [--n 480]
 *
 * The enrollment set for adapting the acoustic model (models/speech/adapt.sh): instructions of
 * the `enroll` split (disjoint from `dev` and `eval`) said by the evaluation's synthetic speakers,
 * written as 16 kHz WAV files with the sphinxtrain control, transcription and dictionary files.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateEpisodes } from '../../src/language/evaluation/episodes.ts';
import { Random } from '../../src/common/random.ts';
import { speak, spoken } from '../../src/language/evaluation/syntheticSpeaker.ts';
import { encodeWav } from '../../src/speech/audio.ts';
import { DEFAULT_DICT } from '../../src/speech/PocketSphinxRecognizer.ts';
import { pronunciationLines } from '../../src/speech/pronunciations.ts';
import { run, SOX_16K_MONO } from '../../src/speech/tools.ts';

const { values } = parseArgs({ options: { out: { type: 'string' }, n: { type: 'string', default: '480' } } });
if (!values.out) throw new Error('--out DIR is required');
const out = values.out;
const count = Number(values.n);
if (!(count > 0)) throw new Error(`--n must be a positive number, got '${values.n}'`);
await mkdir(out, { recursive: true });

const episodes = generateEpisodes('enroll', count * 2)
  .filter((e) => e.style !== 'elliptical')
  .slice(0, count);
// Noise draws apart from the evaluation's.
const noise = new Random(2_000_001);
const ids: string[] = [];
const transcripts: string[] = [];
const words = new Set<string>();
for (const [i, episode] of episodes.entries()) {
  const text = spoken(episode.instruction);
  const id = `enroll-${String(i).padStart(4, '0')}`;
  const original = join(out, `${id}.orig.wav`);
  await writeFile(original, encodeWav(await speak(episode.instruction, i, noise)));
  await run('sox', [original, ...SOX_16K_MONO, join(out, `${id}.wav`)]);
  await rm(original);
  ids.push(id);
  transcripts.push(`<s> ${text} </s> (${id})`);
  for (const word of text.split(' ')) words.add(word);
  if ((i + 1) % 60 === 0) console.log(`  enrollment: ${i + 1}/${episodes.length} utterances`);
}
const { lines, missing } = await pronunciationLines([...words], DEFAULT_DICT);
if (missing.length > 0) throw new Error(`no pronunciation for: ${missing.join(', ')}`);
await writeFile(join(out, 'enroll.fileids'), `${ids.join('\n')}\n`);
await writeFile(join(out, 'enroll.transcription'), `${transcripts.join('\n')}\n`);
await writeFile(join(out, 'enroll.dict'), `${lines.join('\n')}\n`);
console.log(`enrollment set: ${ids.length} utterances, ${words.size} words, in ${out}`);
