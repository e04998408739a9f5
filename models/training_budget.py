"""How many epochs fit a wall-clock budget, from timing training steps for a while first.

The steps run on a throwaway copy of the network with their own batches, so the real run's
random streams are untouched: training again with the printed --epochs gives the same model.
Timing for seconds rather than a few steps averages over whatever else shares the machine."""
import time

import torch


def epochs_within(budget_s, steps_per_epoch, probe_step, warmup=10, probe_s=20.0):
    """probe_step() runs one training step; the first `warmup` are not timed (kernel autotuning).
    The probe's own time comes out of the budget."""
    began = time.time()
    for _ in range(warmup):
        probe_step()
    synchronize()
    started, steps = time.time(), 0
    while time.time() - started < probe_s:
        probe_step()
        steps += 1
        if steps % 10 == 0:
            synchronize()
    synchronize()
    seconds_per_step = (time.time() - started) / steps
    left = budget_s - (time.time() - began)
    epochs = max(1, int(left / (seconds_per_step * steps_per_epoch)))
    print(f'timing probe: {seconds_per_step * 1000:.1f} ms per step, {seconds_per_step * steps_per_epoch:.1f} s per epoch '
          f'-> {epochs} epochs in the {left:.0f} s left', flush=True)
    return epochs


def synchronize():
    if torch.cuda.is_available():
        torch.cuda.synchronize()
