export { Blackboard } from './Blackboard.ts';
export { TreeFactory, type Tree } from './TreeFactory.ts';
export { TreeNode, ParentNode, type NodeConfig, type NodeStatus, type Status } from './TreeNode.ts';
export { AsyncActionNode, ConditionNode, WaitUntilNode, type AsyncActionBody } from './leaves.ts';
