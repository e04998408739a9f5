/**
 * Free-form instruction sets written by hand (not by the episode generator): scenes as scene
 * JSON files and, per language, instructions with what the robot should do. A set is a folder:
 * `scenes/NAME.json`, `en.yaml` and/or `ja.yaml` mapping a scene NAME to a list of
 * `{ say, gold: "INTENT [id,…] [-> destination]", ask?: answer }`. `ask` marks a truly
 * ambiguous instruction: the robot should ask, and the answer says which was meant.
 *
 * Scoring: intent, target and destination accuracy after at most one answer; needless
 * questions (asked where the instruction was clear); ambiguous instructions asked about.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Grounder, type GroundingResult, type Language } from '../Grounder.ts';
import { INTENTS, type Intent } from '../instruction.ts';
import { parseScene, type Scene } from '../scene.ts';
import type { Gold } from './episodes.ts';

export const DEV_SET_DIR = new URL('./freeform/', import.meta.url).pathname;

export interface FreeformCase {
  readonly sceneName: string;
  readonly scene: Scene;
  readonly say: string;
  readonly gold: Gold;
  /** The speaker's answer when the instruction is ambiguous and the robot should ask. */
  readonly answer?: string;
}

export function parseGold(text: string, scene: Scene, where: string): Gold {
  const match = /^\s*(\w+)((?:\s+[\w-]+(?:\s*,\s*[\w-]+)*)?)\s*(?:->\s*([\w-]+))?\s*$/.exec(text);
  if (!match) throw new Error(`${where}: gold must read "INTENT [id,…] [-> destination]", got '${text}'`);
  const intent = match[1] as Intent;
  if (!INTENTS.includes(intent))
    throw new Error(`${where}: unknown intent '${match[1]}' (one of ${INTENTS.join(', ')})`);
  const targets = (match[2] ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  for (const id of targets)
    if (!scene.objects.some((o) => o.id === id)) throw new Error(`${where}: no object '${id}' in the scene`);
  const destination = match[3] ?? null;
  if (destination && !scene.furniture.some((f) => f.id === destination))
    throw new Error(`${where}: no furniture '${destination}' in the scene`);
  return { intent, targets, destination };
}

/** Loads a set's cases for one language (none when the set has no file for it). */
export function loadFreeformSet(dir: string, language: Language): FreeformCase[] {
  const scenes = new Map<string, Scene>();
  const sceneDir = join(dir, 'scenes');
  for (const file of readdirSync(sceneDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const path = join(sceneDir, file);
    try {
      scenes.set(basename(file, '.json'), parseScene(JSON.parse(readFileSync(path, 'utf8'))));
    } catch (error) {
      throw new Error(`${path}: ${(error as Error).message}`);
    }
  }
  const path = join(dir, `${language}.yaml`);
  if (!existsSync(path)) return [];
  const document = parseYaml(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const cases: FreeformCase[] = [];
  for (const [sceneName, list] of Object.entries(document ?? {})) {
    const scene = scenes.get(sceneName);
    if (!scene) throw new Error(`${path}: no scene '${sceneName}' in ${sceneDir}`);
    if (!Array.isArray(list)) throw new Error(`${path}: '${sceneName}' must be a list of instructions`);
    list.forEach((raw: unknown, i) => {
      const where = `${path}: ${sceneName}[${i}]`;
      const entry = (raw ?? {}) as Record<string, unknown>;
      const unknown = Object.keys(entry).filter((key) => !['say', 'gold', 'ask'].includes(key));
      if (unknown.length > 0)
        throw new Error(`${where}: unknown keys ${unknown.join(', ')} (quote a gold with commas)`);
      if (typeof entry.say !== 'string') throw new Error(`${where}: 'say' must be the instruction text`);
      if (typeof entry.gold !== 'string') throw new Error(`${where}: 'gold' must be a string`);
      if (entry.ask !== undefined && typeof entry.ask !== 'string')
        throw new Error(`${where}: 'ask' must be the speaker's answer`);
      cases.push({
        sceneName,
        scene,
        say: entry.say,
        gold: parseGold(entry.gold, scene, where),
        ...(typeof entry.ask === 'string' ? { answer: entry.ask } : {}),
      });
    });
  }
  return cases;
}

export interface FreeformOutcome {
  readonly case: FreeformCase;
  readonly first: GroundingResult;
  readonly final: GroundingResult;
}

export function runFreeformCase(item: FreeformCase, language: Language): FreeformOutcome {
  const grounder = new Grounder(item.scene, language);
  const first = grounder.turn(item.say);
  const final = first.status === 'asking' && item.answer !== undefined ? grounder.turn(item.answer) : first;
  return { case: item, first, final };
}

export interface FreeformMetrics {
  readonly instructions: number;
  readonly intent: number;
  readonly target: number;
  readonly destination: number;
  readonly needlessQuestions: number;
  readonly ambiguousAsked: number;
  readonly endToEnd: number;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((id, i) => id === y[i]);
}

export function isRight(outcome: FreeformOutcome): boolean {
  const { gold } = outcome.case;
  const { final } = outcome;
  return (
    final.status !== 'asking' &&
    final.intent === gold.intent &&
    sameIds(final.targets, gold.targets) &&
    final.destination === gold.destination
  );
}

export function scoreFreeform(outcomes: readonly FreeformOutcome[]): FreeformMetrics {
  const rate = (list: readonly FreeformOutcome[], ok: (o: FreeformOutcome) => boolean) =>
    list.length === 0 ? NaN : list.filter(ok).length / list.length;
  const settled = (o: FreeformOutcome) => o.final.status !== 'asking';
  const clear = outcomes.filter((o) => o.case.answer === undefined);
  const ambiguous = outcomes.filter((o) => o.case.answer !== undefined);
  return {
    instructions: outcomes.length,
    intent: rate(outcomes, (o) => settled(o) && o.final.intent === o.case.gold.intent),
    target: rate(
      outcomes.filter((o) => o.case.gold.targets.length > 0),
      (o) => settled(o) && sameIds(o.final.targets, o.case.gold.targets),
    ),
    destination: rate(
      outcomes.filter((o) => o.case.gold.destination !== null),
      (o) => settled(o) && o.final.destination === o.case.gold.destination,
    ),
    needlessQuestions: rate(clear, (o) => o.first.status === 'asking'),
    ambiguousAsked: rate(ambiguous, (o) => o.first.status === 'asking'),
    endToEnd: rate(outcomes, isRight),
  };
}
