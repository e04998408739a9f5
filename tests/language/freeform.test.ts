import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEV_SET_DIR,
  loadFreeformSet,
  scoreFreeform,
  type FreeformOutcome,
} from '../../src/language/evaluation/freeform.ts';
import type { GroundingResult } from '../../src/language/Grounder.ts';

function setWith(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'freeform-'));
  mkdirSync(join(dir, 'scenes'));
  writeFileSync(
    join(dir, 'scenes', 'room.json'),
    JSON.stringify({
      furniture: [{ id: 'box', category: 'toy box', position: [0, 0, 0] }],
      objects: [{ id: 'car', category: 'toy car', colors: ['red'], position: [1, 0, 0] }],
    }),
  );
  writeFileSync(join(dir, 'en.yaml'), yaml);
  return dir;
}

describe('free-form instruction sets', () => {
  it('the development set has at least 200 English and 80 Japanese instructions over 6 scenes', () => {
    const en = loadFreeformSet(DEV_SET_DIR, 'en');
    const ja = loadFreeformSet(DEV_SET_DIR, 'ja');
    expect(en.length).toBeGreaterThanOrEqual(200);
    expect(ja.length).toBeGreaterThanOrEqual(80);
    expect(new Set(en.map((c) => c.sceneName)).size).toBeGreaterThanOrEqual(6);
    expect(en.filter((c) => c.answer !== undefined).length).toBeGreaterThan(0);
  });

  it('reads gold as intent, targets and destination', () => {
    const [item] = loadFreeformSet(
      setWith('room:\n  - { say: "car, box", gold: "move car -> box" }\n'),
      'en',
    );
    expect(item!.gold).toEqual({ intent: 'move', targets: ['car'], destination: 'box' });
  });

  it.each([
    ['gold: "move truck -> box"', "no object 'truck'"],
    ['gold: "move car -> shelf"', "no furniture 'shelf'"],
    ['gold: "carry car"', "unknown intent 'carry'"],
    ['gold: move car,car2 -> box', 'unknown keys'],
  ])('names what is wrong in a bad entry (%s)', (entry, message) => {
    expect(() => loadFreeformSet(setWith(`room:\n  - { say: "x", ${entry} }\n`), 'en')).toThrow(message);
  });

  it('counts questions asked about clear instructions and about ambiguous ones apart', () => {
    const result = (status: GroundingResult['status'], targets: string[]): GroundingResult => ({
      intent: 'move',
      targets,
      destination: null,
      question: status === 'asking' ? 'Which one?' : null,
      reply: '',
      status,
    });
    const item = (answer?: string) =>
      ({
        sceneName: 'room',
        scene: { objects: [], furniture: [] },
        say: 'x',
        gold: { intent: 'move', targets: ['a'], destination: null },
        ...(answer ? { answer } : {}),
      }) as const;
    const outcomes: FreeformOutcome[] = [
      { case: item(), first: result('asking', []), final: result('asking', []) },
      { case: item(), first: result('done', ['a']), final: result('done', ['a']) },
      { case: item('the red one'), first: result('asking', []), final: result('done', ['a']) },
      { case: item('the red one'), first: result('done', ['b']), final: result('done', ['b']) },
    ];
    const metrics = scoreFreeform(outcomes);
    expect(metrics.needlessQuestions).toBe(0.5);
    expect(metrics.ambiguousAsked).toBe(0.5);
    expect(metrics.target).toBe(0.5);
    expect(metrics.endToEnd).toBe(0.5);
  });
});
