/** Action goal ids: `unique_identifier_msgs/UUID` (16 bytes), keyed by their hex text. */
import { randomUUID } from 'node:crypto';

export function newGoalId(): Uint8Array {
  return Uint8Array.from(Buffer.from(randomUUID().replaceAll('-', ''), 'hex'));
}

export function goalIdKey(uuid: ArrayLike<number>): string {
  let key = '';
  for (let i = 0; i < uuid.length; i++) key += (uuid[i]! & 0xff).toString(16).padStart(2, '0');
  return key;
}

/** action_msgs/msg/GoalStatus values. */
export const GoalStatus = {
  UNKNOWN: 0,
  ACCEPTED: 1,
  EXECUTING: 2,
  CANCELING: 3,
  SUCCEEDED: 4,
  CANCELED: 5,
  ABORTED: 6,
} as const;
export type GoalStatusCode = (typeof GoalStatus)[keyof typeof GoalStatus];

export function isTerminal(status: number): boolean {
  return status === GoalStatus.SUCCEEDED || status === GoalStatus.CANCELED || status === GoalStatus.ABORTED;
}
