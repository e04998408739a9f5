/**
 * The blackboard the tree's ports read and write. A subtree gets its own, whose entries are
 * remapped to its parent's (`port="{parent_key}"` on the SubTree element) or, with
 * `_autoremap="true"`, all shared by name, as in BehaviorTree.CPP v4.
 */
export class Blackboard {
  private readonly entries = new Map<string, unknown>();

  constructor(
    private readonly parent?: Blackboard,
    private readonly remapping: ReadonlyMap<string, string> = new Map(),
    private readonly autoRemap = false,
  ) {}

  get(key: string): unknown {
    const remapped = this.parentKey(key);
    if (remapped !== undefined) return this.parent!.get(remapped);
    return this.entries.get(key);
  }

  set(key: string, value: unknown): void {
    const remapped = this.parentKey(key);
    if (remapped !== undefined) this.parent!.set(remapped, value);
    else this.entries.set(key, value);
  }

  delete(key: string): void {
    const remapped = this.parentKey(key);
    if (remapped !== undefined) this.parent!.delete(remapped);
    else this.entries.delete(key);
  }

  private parentKey(key: string): string | undefined {
    if (!this.parent) return undefined;
    return this.remapping.get(key) ?? (this.autoRemap && !this.entries.has(key) ? key : undefined);
  }
}
