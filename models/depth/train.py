"""Trains katazuke's monocular depth network on the simulated room and exports it to ONNX.

A small U-Net: a five-level strided conv encoder, a decoder with skip connections to stride 2,
predicting log depth; the exported graph returns metric depth (metres) at the input size, so
the stack's depth estimator needs no decode step. Loss: L1 on log depth plus the scale-invariant
log loss (Eigen et al., 2014), over pixels where the sim's depth sensor returned a value.
Augmentation: mirroring and random light and colour (sim_dataset.photometric_augmentation).

Data: `katazuke sim dataset` exports. Trained on the `train` split, validated on `heldout`
(model selection only; the evaluation set of eval:perception is separate).
Needs Debian's python3-torch and python3-onnx and runs with /usr/bin/python3.
Usage: train.py TRAIN_DIR VALIDATION_DIR OUT_DIR [--epochs N] [--seed S] [--threads T]
"""
import argparse
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
from layers import conv  # noqa: E402
from sim_dataset import SimExport, photometric_augmentation  # noqa: E402

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
    """Metric depth in metres at the input size."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return torch.exp(self.net(x)).clamp(MIN_DEPTH_M, MAX_DEPTH_M)


def loss_fn(log_prediction, depth):
    valid = depth > 0
    d = (log_prediction - torch.log(depth.clamp(min=MIN_DEPTH_M)))[valid]
    return d.abs().mean() + (d.pow(2).mean() - 0.85 * d.mean() ** 2).clamp(min=0).sqrt()


def metrics(net, rgb, depth):
    """AbsRel, RMSE (m) and δ<1.25 over valid pixels of the whole split."""
    export = ExportMetric(net).eval()
    abs_rel, squared, delta1, count = 0.0, 0.0, 0.0, 0
    with torch.no_grad():
        for start in range(0, len(rgb), 16):
            prediction = export(rgb[start:start + 16].float() / 255)
            truth = depth[start:start + 16]
            valid = truth > 0
            p, t = prediction[valid], truth[valid]
            abs_rel += ((p - t).abs() / t).sum().item()
            squared += ((p - t) ** 2).sum().item()
            delta1 += (torch.max(p / t, t / p) < 1.25).float().sum().item()
            count += t.numel()
    return abs_rel / count, (squared / count) ** 0.5, delta1 / count


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('train_dir')
    parser.add_argument('validation_dir')
    parser.add_argument('out_dir')
    parser.add_argument('--epochs', type=int, default=15)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--threads', type=int, default=os.cpu_count())
    parser.add_argument('--randomization', default=os.path.join(os.path.dirname(__file__), '../../sim/world/randomization.ts'),
                        help='the domain-randomization config the data came from (hashed into the model card)')
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    train_rgb, train_depth = load(args.train_dir)
    validation_rgb, validation_depth = load(args.validation_dir)
    print(f'train: {len(train_rgb)} images, validation: {len(validation_rgb)} images', flush=True)
    net = DepthNet()
    batch_size = 8
    steps_per_epoch = len(train_rgb) // batch_size
    optimizer = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=2e-3, total_steps=args.epochs * steps_per_epoch)
    generator = torch.Generator().manual_seed(args.seed)
    started = time.time()
    for epoch in range(args.epochs):
        net.train()
        order = torch.randperm(len(train_rgb), generator=generator)
        total = 0.0
        for step in range(steps_per_epoch):
            index = order[step * batch_size:(step + 1) * batch_size]
            x = train_rgb[index].float() / 255
            y = train_depth[index]
            if torch.rand(1, generator=generator).item() < 0.5:  # mirror: the room has no handedness
                x, y = x.flip(3), y.flip(3)
            x = photometric_augmentation(x, generator)
            loss = loss_fn(net(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            total += loss.item()
            if step % 50 == 0:
                print(f'  epoch {epoch + 1}/{args.epochs} step {step}/{steps_per_epoch} loss {loss.item():.3f} ({time.time() - started:.0f} s)', flush=True)
        print(f'epoch {epoch + 1}: mean loss {total / steps_per_epoch:.3f}', flush=True)
    net.eval()
    abs_rel, rmse, delta1 = metrics(net, validation_rgb, validation_depth)
    print(f'validation (heldout): AbsRel {abs_rel:.3f}, RMSE {rmse:.3f} m, delta<1.25 {delta1:.3f}', flush=True)
    os.makedirs(args.out_dir, exist_ok=True)
    height, width = train_rgb.shape[2:]
    onnx_path = os.path.join(args.out_dir, 'katazuke_depth.onnx')
    torch.onnx.export(ExportMetric(net), torch.zeros(1, 3, height, width), onnx_path, opset_version=13,
                      input_names=['images'], output_names=['depth'])
    with open(args.randomization, 'rb') as f:
        randomization_hash = hashlib.sha256(f.read()).hexdigest()[:16]
    card = {
        'name': 'katazuke_depth',
        'architecture': 'U-Net (5-level strided encoder, skip decoder to stride 2), log-depth head',
        'input': {'width': width, 'height': height, 'channelOrder': 'rgb', 'normalization': 'pixel / 255', 'resize': 'stretch'},
        'output': f'1 x 1 x {height} x {width}: metric depth in metres, clamped to [{MIN_DEPTH_M}, {MAX_DEPTH_M}]',
        'training': {'split': 'train', 'images': len(train_rgb), 'epochs': args.epochs, 'seed': args.seed,
                     'randomizationConfigSha256': randomization_hash},
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
