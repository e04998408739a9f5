"""Trains katazuke's monocular depth network on the simulated room and exports it to ONNX.

A small U-Net: a five-level strided conv encoder, a decoder with skip connections to stride 2,
predicting log depth; the exported graph returns metric depth (metres) at the input size, so
the stack's depth estimator needs no decode step. Loss: L1 on log depth plus the scale-invariant
log loss (Eigen et al., 2014), over pixels where the sim's depth sensor returned a value.
Augmentation: mirroring and random light and colour (sim_dataset.photometric_augmentation).

Data: `katazuke sim dataset` exports. Trained on the `train` split, validated on `heldout`
(model selection only; the evaluation set of eval:perception is separate).
Needs Debian's python3-torch and python3-onnx and runs with /usr/bin/python3; --device cuda trains
on a GPU with a CUDA build of PyTorch, whose --checkpoint Debian's PyTorch then exports
(--from-checkpoint).
Usage: train.py TRAIN_DIR VALIDATION_DIR OUT_DIR [--epochs N | --time-budget-min M] [--seed S] [--lr L]
       [--threads T] [--device cpu|cuda] [--checkpoint F.npz] [--from-checkpoint F.npz] [--init-from F.npz]
"""
import copy
import hashlib
import json
import os
import sys
import time
from datetime import date

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from checkpoint import load_checkpoint, save_checkpoint  # noqa: E402
from layers import conv  # noqa: E402
from recipe import device_name, optimizer_for, recipe_arguments, start, trained  # noqa: E402
from sim_dataset import SimExport, photometric_augmentation  # noqa: E402
from training_budget import epochs_within  # noqa: E402

MIN_DEPTH_M = 0.1
MAX_DEPTH_M = 12.0


def load(root):
    """All of one split in memory: N x 3 x H x W uint8 images and N x 1 x H x W depth (m)."""
    export = SimExport(root)
    rgb = np.stack([export.rgb(k) for k in range(len(export.images))]).transpose(0, 3, 1, 2)
    depth = np.stack([export.depth_m(k) for k in range(len(export.images))])[:, None]
    return torch.from_numpy(np.ascontiguousarray(rgb)), torch.from_numpy(depth)


class DepthNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.e1 = conv(3, 16, 2)
        self.e2 = nn.Sequential(conv(16, 24, 2), conv(24, 24))
        self.e3 = nn.Sequential(conv(24, 40, 2), conv(40, 40))
        self.e4 = nn.Sequential(conv(40, 64, 2), conv(64, 64))
        self.e5 = nn.Sequential(conv(64, 96, 2), conv(96, 96))
        self.d4 = conv(96 + 64, 64)
        self.d3 = conv(64 + 40, 40)
        self.d2 = conv(40 + 24, 24)
        self.d1 = conv(24 + 16, 16)
        self.head = nn.Conv2d(16, 1, 3, 1, 1)

    def forward(self, x):
        f1 = self.e1(x)
        f2 = self.e2(f1)
        f3 = self.e3(f2)
        f4 = self.e4(f3)
        y = self.e5(f4)
        for skip, block in ((f4, self.d4), (f3, self.d3), (f2, self.d2), (f1, self.d1)):
            y = block(torch.cat([F.interpolate(y, size=skip.shape[2:], mode='bilinear', align_corners=False), skip], 1))
        log_depth = self.head(y)
        return F.interpolate(log_depth, size=x.shape[2:], mode='bilinear', align_corners=False)


class ExportMetric(nn.Module):
    """Metric depth in metres at the input size. Mirror test-time augmentation: the images and
    their mirror images go through the network as one batch and the log depths, the mirror's
    flipped back, are averaged (+0.009 validation δ<1.25 for twice the convolutions)."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        log_depth = self.net(torch.cat([x, x.flip(3)]))
        n = x.shape[0]
        log_depth = (log_depth[:n] + log_depth[n:].flip(3)) / 2
        return torch.exp(log_depth).clamp(MIN_DEPTH_M, MAX_DEPTH_M)


def loss_fn(log_prediction, depth):
    valid = depth > 0
    d = (log_prediction - torch.log(depth.clamp(min=MIN_DEPTH_M)))[valid]
    return d.abs().mean() + (d.pow(2).mean() - 0.85 * d.mean() ** 2).clamp(min=0).sqrt()


def metrics(net, rgb, depth):
    """AbsRel, RMSE (m) and δ<1.25 over valid pixels of the whole split."""
    export = ExportMetric(net).eval()
    device = next(net.parameters()).device
    abs_rel, squared, delta1, count = 0.0, 0.0, 0.0, 0
    with torch.no_grad():
        for start in range(0, len(rgb), 16):
            prediction = export(rgb[start:start + 16].to(device).float() / 255).cpu()
            truth = depth[start:start + 16]
            valid = truth > 0
            p, t = prediction[valid], truth[valid]
            abs_rel += ((p - t).abs() / t).sum().item()
            squared += ((p - t) ** 2).sum().item()
            delta1 += (torch.max(p / t, t / p) < 1.25).float().sum().item()
            count += t.numel()
    return abs_rel / count, (squared / count) ** 0.5, delta1 / count


BATCH_SIZE = 8


def train_step(net, optimizer, rgb, depth, index, mirror, augment):
    x = rgb[index].float() / 255
    y = depth[index]
    if mirror:  # the room has no handedness
        x, y = x.flip(3), y.flip(3)
    loss = loss_fn(net(photometric_augmentation(x, augment)), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss


def train(net, rgb, depth, args, device):
    """Trains net on the split in memory (rgb, depth on device); returns the facts of the run.
    The weights and facts go to --checkpoint after every epoch."""
    steps_per_epoch = len(rgb) // BATCH_SIZE
    epochs = args.epochs
    if args.time_budget_min:
        probe_net = copy.deepcopy(net)
        probe_optimizer, probe_augment = optimizer_for(probe_net, args.lr), torch.Generator(device=device).manual_seed(args.seed + 3)
        probe_order = torch.Generator().manual_seed(args.seed + 2)
        epochs = epochs_within(args.time_budget_min * 60 * 0.95, steps_per_epoch, lambda: train_step(
            probe_net, probe_optimizer, rgb, depth, torch.randint(len(rgb), (BATCH_SIZE,), generator=probe_order).to(device), False, probe_augment))
    optimizer = optimizer_for(net, args.lr)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, total_steps=epochs * steps_per_epoch)
    order_generator = torch.Generator().manual_seed(args.seed)
    augment = torch.Generator(device=device).manual_seed(args.seed + 1)
    facts = {'split': 'train', 'images': len(rgb), 'epochs': epochs, 'seed': args.seed, 'lr': args.lr,
             'device': device_name(device)}
    if args.init_from:
        _, facts['initializedFrom'] = load_checkpoint(args.init_from)
    started = time.time()
    for epoch in range(epochs):
        net.train()
        order = torch.randperm(len(rgb), generator=order_generator)
        total = 0.0
        for step in range(steps_per_epoch):
            index = order[step * BATCH_SIZE:(step + 1) * BATCH_SIZE].to(device)
            mirror = torch.rand(1, generator=order_generator).item() < 0.5
            loss = train_step(net, optimizer, rgb, depth, index, mirror, augment)
            scheduler.step()
            total += loss.item()
            if step % 200 == 0:
                print(f'  epoch {epoch + 1}/{epochs} step {step}/{steps_per_epoch} loss {loss.item():.3f} ({time.time() - started:.0f} s)', flush=True)
        print(f'epoch {epoch + 1}: mean loss {total / steps_per_epoch:.3f} ({time.time() - started:.0f} s)', flush=True)
        if args.checkpoint:
            save_checkpoint(args.checkpoint, net.state_dict(), {**facts, 'completedEpochs': epoch + 1})
    return facts


def main():
    parser = recipe_arguments(__doc__, epochs=15)
    args = parser.parse_args()
    device = start(args)
    validation_rgb, validation_depth = load(args.validation_dir)
    net = DepthNet().to(device)

    def train_on_split():
        train_rgb, train_depth = load(args.train_dir)
        print(f'train: {len(train_rgb)} images, validation: {len(validation_rgb)} images', flush=True)
        return train(net, train_rgb.to(device), train_depth.to(device), args, device)

    facts = trained(net, args, train_on_split)
    net.eval()
    abs_rel, rmse, delta1 = metrics(net, validation_rgb, validation_depth)
    print(f'validation (heldout): AbsRel {abs_rel:.3f}, RMSE {rmse:.3f} m, delta<1.25 {delta1:.3f}', flush=True)
    os.makedirs(args.out_dir, exist_ok=True)
    height, width = validation_rgb.shape[2:]
    onnx_path = os.path.join(args.out_dir, 'katazuke_depth.onnx')
    torch.onnx.export(ExportMetric(net.cpu()), torch.zeros(1, 3, height, width), onnx_path, opset_version=13,
                      input_names=['images'], output_names=['depth'])
    with open(args.randomization, 'rb') as f:
        randomization_hash = hashlib.sha256(f.read()).hexdigest()[:16]
    card = {
        'name': 'katazuke_depth',
        'architecture': 'U-Net (5-level strided encoder, skip decoder to stride 2), log-depth head, averaged with its mirror image (test-time augmentation)',
        'input': {'width': width, 'height': height, 'channelOrder': 'rgb', 'normalization': 'pixel / 255', 'resize': 'stretch'},
        'output': f'1 x 1 x {height} x {width}: metric depth in metres, clamped to [{MIN_DEPTH_M}, {MAX_DEPTH_M}]',
        'training': {**facts, 'randomizationConfigSha256': randomization_hash},
        'validation': {'split': 'heldout', 'images': len(validation_rgb), 'absRel': abs_rel, 'rmseM': rmse, 'delta1': delta1},
        'date': date.today().isoformat(),
    }
    json.dump(card, open(os.path.join(args.out_dir, 'katazuke_depth.card.json'), 'w'), indent=2)
    config = {
        'description': 'katazuke monocular depth trained in the simulated room (models/depth/train.py); card: katazuke_depth.card.json',
        'model': 'katazuke_depth.onnx',
        'input': {'width': width, 'height': height, 'channelOrder': 'rgb', 'letterbox': False},
    }
    json.dump(config, open(os.path.join(args.out_dir, 'katazuke_depth.json'), 'w'), indent=2)
    print(f'wrote {onnx_path}, its depth config and model card', flush=True)


if __name__ == '__main__':
    main()
