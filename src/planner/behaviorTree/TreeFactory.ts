/**
 * Builds a behaviour tree from BehaviorTree.CPP's XML (format 4, what Nav2 and Groot use): the
 * `<root BTCPP_format="4" main_tree_to_execute="…">` document, its `<BehaviorTree ID="…">`
 * elements, `<SubTree ID="…">` references with port remapping, and node elements named by type
 * (`<Sequence>`, `<PickItem item="{item}"/>`) or in the explicit form (`<Action ID="PickItem"/>`).
 * `<TreeNodesModel>` is Groot's palette and is skipped. Parsed with fast-xml-parser (order kept).
 * Unknown node types, a missing main tree or a decorator with other than one child are errors
 * that name the element.
 */
import { XMLParser } from 'fast-xml-parser';
import { Blackboard } from './Blackboard.ts';
import { Fallback, Parallel, ReactiveFallback, ReactiveSequence, Sequence } from './controls.ts';
import {
  Delay,
  ForceFailure,
  ForceSuccess,
  Inverter,
  KeepRunningUntilFailure,
  Repeat,
  RetryUntilSuccessful,
  Timeout,
} from './decorators.ts';
import { AlwaysFailure, AlwaysSuccess, SetBlackboard, Sleep } from './leaves.ts';
import type { NodeConfig, NodeStatus, Status, TreeNode } from './TreeNode.ts';

type Builder = (config: NodeConfig, children: TreeNode[]) => TreeNode;
type Kind = 'leaf' | 'decorator' | 'control';

interface Element {
  readonly tag: string;
  readonly attributes: Record<string, string>;
  readonly children: Element[];
}

export interface Tree {
  readonly root: TreeNode;
  readonly blackboard: Blackboard;
  tick(): Status;
  halt(): void;
}

const EXPLICIT = new Set(['Action', 'Condition', 'Control', 'Decorator']);

export class TreeFactory {
  private readonly builders = new Map<string, { kind: Kind; build: Builder }>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    /** Every node's status changes, in the order they happen (for a behavior_tree_log). */
    private readonly onStatusChange?: (name: string, previous: NodeStatus, current: NodeStatus) => void,
  ) {
    const controls = { Sequence, Fallback, ReactiveSequence, ReactiveFallback, Parallel };
    for (const [type, Control] of Object.entries(controls))
      this.register(type, 'control', (config, children) => new Control(config, children));
    const decorators = {
      Inverter,
      ForceSuccess,
      ForceFailure,
      RetryUntilSuccessful,
      Repeat,
      KeepRunningUntilFailure,
      Timeout,
      Delay,
    };
    for (const [type, Decorator] of Object.entries(decorators))
      this.register(type, 'decorator', (config, children) => new Decorator(config, children));
    const leaves = { AlwaysSuccess, AlwaysFailure, SetBlackboard, Sleep };
    for (const [type, Leaf] of Object.entries(leaves))
      this.register(type, 'leaf', (config) => new Leaf(config));
  }

  /** Registers a node type the XML may use; a leaf's builder ignores `children`. */
  register(type: string, kind: Kind, build: Builder): void {
    this.builders.set(type, { kind, build });
  }

  registeredTypes(): string[] {
    return [...this.builders.keys()];
  }

  /** The tree `main_tree_to_execute` names (or the document's only one), on a fresh blackboard. */
  createTree(xml: string, blackboard = new Blackboard()): Tree {
    const document = parseXml(xml);
    if (document.tag !== 'root')
      throw new Error(`behaviour tree: the document's element is <${document.tag}>, not <root>`);
    if (document.attributes.BTCPP_format !== '4')
      throw new Error(
        `behaviour tree: needs <root BTCPP_format="4">, got '${document.attributes.BTCPP_format ?? ''}'`,
      );
    const trees = new Map<string, Element>();
    for (const element of document.children) {
      if (element.tag !== 'BehaviorTree') continue;
      const id = element.attributes.ID;
      if (!id) throw new Error('behaviour tree: a <BehaviorTree> has no ID');
      if (element.children.length !== 1)
        throw new Error(
          `behaviour tree '${id}': needs exactly one root node, has ${element.children.length}`,
        );
      trees.set(id, element);
    }
    const main =
      document.attributes.main_tree_to_execute ?? (trees.size === 1 ? [...trees.keys()][0]! : undefined);
    if (!main) throw new Error('behaviour tree: several <BehaviorTree>s and no main_tree_to_execute');
    const build = (id: string, board: Blackboard, path: string[]): TreeNode => {
      const tree = trees.get(id);
      if (!tree) throw new Error(`behaviour tree: no <BehaviorTree ID="${id}">`);
      if (path.includes(id))
        throw new Error(`behaviour tree: subtree '${id}' includes itself (${[...path, id].join(' → ')})`);
      return this.buildNode(tree.children[0]!, board, (sub, subBoard) => build(sub, subBoard, [...path, id]));
    };
    const root = build(main, blackboard, []);
    return { root, blackboard, tick: () => root.tick(), halt: () => root.halt() };
  }

  private buildNode(
    element: Element,
    board: Blackboard,
    subtree: (id: string, board: Blackboard) => TreeNode,
  ): TreeNode {
    if (element.tag === 'SubTree') {
      const id = element.attributes.ID;
      if (!id) throw new Error('behaviour tree: a <SubTree> has no ID');
      const remapping = new Map<string, string>();
      const literals: [string, string][] = [];
      for (const [port, value] of Object.entries(element.attributes)) {
        if (port === 'ID' || port === 'name' || port === '_autoremap') continue;
        const reference = /^\{([^{}]+)\}$/.exec(value);
        if (reference) remapping.set(port, reference[1]!);
        else literals.push([port, value]);
      }
      const child = new Blackboard(board, remapping, element.attributes._autoremap === 'true');
      for (const [port, value] of literals) child.set(port, value);
      return subtree(id, child);
    }
    const type = EXPLICIT.has(element.tag) ? element.attributes.ID : element.tag;
    if (!type) throw new Error(`behaviour tree: <${element.tag}> has no ID`);
    const entry = this.builders.get(type);
    if (!entry)
      throw new Error(
        `behaviour tree: unknown node type '${type}' (registered: ${this.registeredTypes().join(', ')})`,
      );
    const name = element.attributes.name ?? type;
    const expected = entry.kind === 'leaf' ? 0 : entry.kind === 'decorator' ? 1 : undefined;
    if (expected !== undefined && element.children.length !== expected)
      throw new Error(
        `behaviour tree: ${type} '${name}' needs ${expected} child node(s), has ${element.children.length}`,
      );
    if (entry.kind === 'control' && element.children.length === 0)
      throw new Error(`behaviour tree: ${type} '${name}' has no children`);
    const children = element.children.map((child) => this.buildNode(child, board, subtree));
    return entry.build(
      {
        type,
        name,
        attributes: element.attributes,
        blackboard: board,
        now: this.now,
        ...(this.onStatusChange ? { onStatusChange: this.onStatusChange } : {}),
      },
      children,
    );
  }
}

function parseXml(xml: string): Element {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    commentPropName: '#comment',
  });
  const convert = (raw: Record<string, unknown>): Element | undefined => {
    const tag = Object.keys(raw).find((key) => key !== ':@');
    if (!tag || tag === '#text' || tag === '#comment' || tag.startsWith('?')) return undefined;
    const attributes = (raw[':@'] ?? {}) as Record<string, string>;
    const children = (raw[tag] as Record<string, unknown>[])
      .map(convert)
      .filter((child): child is Element => child !== undefined && child.tag !== 'TreeNodesModel');
    return { tag, attributes, children };
  };
  let parsed: Record<string, unknown>[];
  try {
    parsed = parser.parse(xml, true) as Record<string, unknown>[];
  } catch (error) {
    throw new Error(`behaviour tree: not well-formed XML: ${(error as Error).message}`);
  }
  const elements = parsed.map(convert).filter((element): element is Element => element !== undefined);
  if (elements.length !== 1)
    throw new Error(`behaviour tree: expected one document element, found ${elements.length}`);
  return elements[0]!;
}
