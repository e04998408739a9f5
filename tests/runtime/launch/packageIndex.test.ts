import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KATAZUKE_ROOT, packageIndex } from '../../../src/cli/packages.ts';
import { parseLaunchFile } from '../../../src/runtime/launch/launchFile.ts';
import { PackageIndex } from '../../../src/runtime/launch/PackageIndex.ts';

/** A package that is not katazuke: one node executable and one launch file. */
function otherPackage(): string {
  const root = mkdtempSync(join(tmpdir(), 'katazuke-other-pkg-'));
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'other_pkg', katazuke: { executables: { greeter: 'greeter.mjs' } } }),
  );
  writeFileSync(
    join(root, 'greeter.mjs'),
    "export default { description: 'greets', start: (context) => context.createNode('greeter') };\n",
  );
  writeFileSync(
    join(root, 'other.launch.yaml'),
    'launch:\n  - node:\n      pkg: other_pkg\n      exec: greeter\n      param:\n        - from: $(find-pkg-share other_pkg)/params.yaml\n',
  );
  return root;
}

describe('package index', () => {
  it("loads another package's node and resolves its find-pkg-share, as ros2 run would", async () => {
    const root = otherPackage();
    const index = packageIndex({ KATAZUKE_PACKAGE_PATH: root });
    expect(index.packageNames).toEqual(['katazuke', 'other_pkg']);
    expect(index.share('other_pkg')).toBe(root);
    const greeter = await index.load('other_pkg', 'greeter');
    expect(greeter.description).toBe('greets');
    const { nodes } = parseLaunchFile(join(root, 'other.launch.yaml'), new Map(), index);
    expect(nodes[0]?.parameters).toEqual([{ file: join(root, 'params.yaml') }]);
  });

  it("every executable katazuke's package.json lists loads", async () => {
    const index = packageIndex({});
    const names = index.executableNames('katazuke');
    expect(names).toContain('slam');
    for (const name of names) expect(typeof (await index.load('katazuke', name)).start).toBe('function');
  });

  it('names the unknown package, the unknown executable and a bad manifest', async () => {
    const index = PackageIndex.fromRoots([KATAZUKE_ROOT]);
    await expect(index.load('nav2_bt_navigator', 'bt_navigator')).rejects.toThrow(
      "unknown package 'nav2_bt_navigator' (known: katazuke",
    );
    await expect(index.load('katazuke', 'teleport')).rejects.toThrow(
      "package 'katazuke' has no executable 'teleport' (it has: ",
    );
    const broken = mkdtempSync(join(tmpdir(), 'katazuke-broken-pkg-'));
    writeFileSync(
      join(broken, 'package.json'),
      JSON.stringify({ name: 'broken', katazuke: { executables: { a: 1 } } }),
    );
    expect(() => PackageIndex.fromRoots([broken])).toThrow("executable 'a' must be a module path");
    expect(() => parseLaunchFile(join(otherPackage(), 'other.launch.yaml'), new Map(), index)).toThrow(
      "$(find-pkg-share other_pkg): unknown package 'other_pkg'",
    );
  });
});
