/**
 * The layers of ../shared/DESIGN.md, read from the code's own imports: each file's relative and
 * package imports checked against what its layer may import. A new crossing fails here.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ALGORITHM_AREAS = [
  'geometry',
  'slam',
  'perception',
  'language',
  'speech',
  'navigation',
  'manipulation',
  'world',
  'planner',
].map((area) => `src/${area}`);

/** Project folders a file's layer may import (its own layer always); `*` is any. */
const MAY_IMPORT: ReadonlyArray<{ layer: string; may: readonly string[] }> = [
  { layer: 'src/messages', may: [] },
  { layer: 'src/common', may: [] },
  ...ALGORITHM_AREAS.map((layer) => ({ layer, may: ['src/messages', 'src/common', ...ALGORITHM_AREAS] })),
  // tf's interpolation uses the geometry area's quaternion maths; no other algorithm.
  { layer: 'src/runtime', may: ['src/messages', 'src/common', 'src/geometry'] },
  { layer: 'src/viewer', may: ['src/messages', 'src/common'] },
  { layer: 'src/cli', may: ['src/', 'sim'] },
  { layer: 'nodes', may: ['src/', 'nodes'] },
  { layer: 'sim', may: ['src/geometry', 'src/messages', 'src/common', 'src/runtime'] },
  { layer: 'scripts', may: ['*'] },
  { layer: 'tests', may: ['*'] },
  { layer: 'bin', may: ['src/cli'] },
];

/** Packages only one place may import. */
const PACKAGE_HOMES: Readonly<Record<string, string>> = {
  rclnodejs: 'src/runtime/backends/ros2/',
};

/** The sim's bridge node is the one node that runs the sim. */
const SIM_IMPORTERS = ['nodes/simBridge.ts'];

function layerOf(path: string): string | undefined {
  return MAY_IMPORT.map((rule) => rule.layer)
    .filter((layer) => path === layer || path.startsWith(`${layer}/`))
    .sort((a, b) => b.length - a.length)[0];
}

/** Why `file` may not import `specifier`, or undefined when it may. */
function crossing(file: string, specifier: string): string | undefined {
  const layer = layerOf(file);
  if (!specifier.startsWith('.')) {
    const name = specifier.split('/')[0] ?? specifier;
    const home = PACKAGE_HOMES[name];
    const exempt = layer === 'tests' || layer === 'scripts';
    return home && !exempt && !file.startsWith(home) ? `only ${home} may import '${name}'` : undefined;
  }
  const target = normalize(join(dirname(file), specifier));
  if (layer === undefined) return undefined;
  const targetLayer = layerOf(target) ?? target;
  if (targetLayer === layer) return undefined;
  if (targetLayer === 'sim' && layer === 'nodes')
    return SIM_IMPORTERS.includes(file) ? undefined : 'only the sim bridge node may import the sim';
  const may = MAY_IMPORT.find((rule) => rule.layer === layer)?.may ?? [];
  const allowed = may.some(
    (prefix) =>
      prefix === '*' || target === prefix || target.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`),
  );
  return allowed
    ? undefined
    : `${layer} may not import ${targetLayer} (allowed: ${may.join(', ') || 'nothing of the project'})`;
}

function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)'([^']+)'/g;
  for (const match of source.matchAll(pattern)) specifiers.push(match[1]!);
  return specifiers;
}

describe('layers', () => {
  it('no file imports what its layer may not (DESIGN.md)', () => {
    const files = execFileSync(
      'git',
      ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mjs'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    )
      .split('\n')
      .filter((file) => file && !file.startsWith('tests/fixtures/'));
    expect(files.length).toBeGreaterThan(100);
    const crossings: string[] = [];
    for (const file of files)
      for (const specifier of importsOf(readFileSync(join(ROOT, file), 'utf8'))) {
        const why = crossing(file, specifier);
        if (why) crossings.push(`${file} imports '${specifier}': ${why}`);
      }
    expect(crossings).toEqual([]);
  });

  it('the rules catch the crossings the layers were cleaned of', () => {
    expect(crossing('src/geometry/se3.ts', '../runtime/messages/Foo.ts')).toMatch(
      /src\/geometry may not import src\/runtime/,
    );
    expect(crossing('src/runtime/launch/x.ts', '../../../nodes/index.ts')).toMatch(/may not import nodes/);
    expect(crossing('sim/laserSlamDrive.ts', '../src/slam/laser/LaserSlam.ts')).toMatch(
      /sim may not import src\/slam/,
    );
    expect(crossing('nodes/slam.ts', '../sim/Simulation.ts')).toBe(
      'only the sim bridge node may import the sim',
    );
    expect(crossing('src/slam/x.ts', 'rclnodejs')).toBe(
      "only src/runtime/backends/ros2/ may import 'rclnodejs'",
    );
    expect(crossing('src/messages/index.ts', '../common/random.ts')).toMatch(/nothing of the project/);
    expect(crossing('nodes/simBridge.ts', '../sim/Simulation.ts')).toBeUndefined();
    expect(crossing('src/slam/x.ts', '../common/random.ts')).toBeUndefined();
  });
});
