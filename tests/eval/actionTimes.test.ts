import { describe, expect, it } from 'vitest';
import { ActionTimes } from '../../scripts/eval/harness/actionTimes.ts';

const event = (name: string, previous: string, current: string, sec: number) => ({
  timestamp: { sec, nanosec: 0 },
  node_name: name,
  previous_status: previous,
  current_status: current,
});

describe('ActionTimes (where an episode’s time goes, from /behavior_tree_log)', () => {
  it('sums the sim seconds each node ran, run by run', () => {
    const times = new ActionTimes();
    times.add({
      timestamp: { sec: 10, nanosec: 0 },
      event_log: [event('NavigateToItem', 'IDLE', 'RUNNING', 10), event('Sequence', 'IDLE', 'RUNNING', 10)],
    });
    times.add({
      timestamp: { sec: 25, nanosec: 0 },
      event_log: [
        event('NavigateToItem', 'RUNNING', 'SUCCESS', 25),
        event('PickItem', 'IDLE', 'RUNNING', 25),
      ],
    });
    times.add({
      timestamp: { sec: 40, nanosec: 0 },
      event_log: [
        event('PickItem', 'RUNNING', 'FAILURE', 40),
        event('NavigateToItem', 'SUCCESS', 'IDLE', 40),
        event('NavigateToItem', 'IDLE', 'RUNNING', 41),
      ],
    });
    times.add({
      timestamp: { sec: 50, nanosec: 0 },
      event_log: [event('NavigateToItem', 'RUNNING', 'SUCCESS', 46)],
    });
    expect(Object.fromEntries(times.totals())).toEqual({
      NavigateToItem: { runs: 2, seconds: 20 },
      PickItem: { runs: 1, seconds: 15 },
    });
  });
});
