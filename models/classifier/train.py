"""Trains katazuke's item classifier, the detector's second stage on RGB-D cameras, and exports it
to ONNX (models/katazuke_item_classifier.onnx, its config and model card).

Why a second stage: the detector finds the items (validation, class-agnostic AP@0.5 0.93) but
names one in four of them wrong, and what tells the catalog's look-alikes apart is size in
metres and height above the floor (a slipper, a sandal and a shoe differ by centimetres), which
an RGB image at 320x240 barely shows. The classifier sees each box as a 24x24 crop of colour plus
the sensor's 3D points relative to the box's middle in map-aligned axes (src/perception/itemCrop.ts
builds the same planes at run time; item_crop.py's item_crop() is its twin).

A small CNN (three stages of two 3x3 convolutions, global mean and max pooling, a linear layer,
softmax over the detector's classes). Training crops: every annotated item of the `train` split,
COPIES times with its box edges moved by up to JITTER of the box size (detected boxes are never
exact); augmentation: light intensity, tint and noise on the colour, a small offset on the points.
The epoch kept is the one that names the validation (`heldout`) crops best (model selection only;
the evaluation set of eval:perception is separate).

Needs Debian's python3-torch and python3-onnx and runs with /usr/bin/python3.
Usage: train.py TRAIN_DIR[,TRAIN_DIR…] VALIDATION_DIR OUT_DIR [--epochs N] [--seed S] [--lr L] [--threads T]
       [--device cpu|cuda] [--checkpoint F.npz] [--from-checkpoint F.npz]
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
from checkpoint import save_checkpoint  # noqa: E402
from item_crop import CROP, MARGIN, POINT_SCALE, item_crop, rotation_matrix  # noqa: E402
from recipe import device_name, optimizer_for, recipe_arguments, start, trained  # noqa: E402
from sim_dataset import SimExport  # noqa: E402

COPIES = 2
JITTER = 0.12
BATCH_SIZE = 128
WIDTH = 32
# Combined class probability ∝ detector^w x classifier^(1 - w) (src/perception/ItemClassifier.ts).
# Chosen on the validation frames (heldout seeds 5,000,001…, 300) with the shipped detector.
DETECTOR_WEIGHT = 0.2


def crops_of(root, classes, copies, jitter, seed):
    """Every annotated item of an export as crops (N x 7 x CROP x CROP float32) and class indices."""
    export = SimExport(root)
    index = {c['id']: classes.index(c['name']) for c in export.coco['categories']}
    by_image = {}
    for a in export.coco['annotations']:
        by_image.setdefault(a['image_id'], []).append(a)
    random = np.random.default_rng(seed)
    crops, labels = [], []
    for k, image in enumerate(export.images):
        items = by_image.get(image['id'], [])
        if items:
            rgb, depth = export.rgb(k), export.depth_m(k)
            k_matrix = image['camera']['k']
            rotation = rotation_matrix(image['camera']['map_T_optical'][3:])
            for a in items:
                x, y, w, h = a['bbox']
                for _ in range(copies):
                    moved = random.uniform(-jitter, jitter, 4) * (w, h, w, h)
                    box = (x + moved[0], y + moved[1], x + w + moved[2], y + h + moved[3])
                    crops.append(item_crop(rgb, depth, k_matrix, rotation, box))
                    labels.append(index[a['category_id']])
        if (k + 1) % 1000 == 0 or k + 1 == len(export.images):
            print(f'  {root}: cropped {k + 1}/{len(export.images)} images ({len(labels)} crops)', flush=True)
    return torch.from_numpy(np.array(crops, np.float32)), torch.from_numpy(np.array(labels, np.int64))


def block(inputs, outputs, stride):
    return nn.Sequential(nn.Conv2d(inputs, outputs, 3, stride, 1, bias=False), nn.BatchNorm2d(outputs), nn.ReLU())


class ItemClassifier(nn.Module):
    def __init__(self, classes, width=WIDTH):
        super().__init__()
        w = width
        self.features = nn.Sequential(block(7, w, 1), block(w, w, 1), block(w, 2 * w, 2), block(2 * w, 2 * w, 1),
                                      block(2 * w, 4 * w, 2), block(4 * w, 4 * w, 1))
        self.head = nn.Linear(8 * w, classes)

    def forward(self, x):
        f = self.features(x)
        return self.head(torch.cat([f.mean((2, 3)), f.amax((2, 3))], 1))


class ExportProbabilities(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, crops):
        return torch.softmax(self.net(crops), 1)


def augment(x, generator):
    """Light (intensity, tint, noise) on the colour planes and a small offset on the points."""
    b = x.shape[0]

    def uniform(low, high, *shape):
        return torch.empty(b, *shape, device=x.device).uniform_(low, high, generator=generator)

    x = x.clone()
    noise = torch.randn(b, 3, CROP, CROP, generator=generator, device=x.device) * 0.02
    x[:, :3] = (x[:, :3] * uniform(0.6, 1.35, 1, 1, 1) * uniform(0.88, 1.12, 3, 1, 1) + noise).clamp(0, 1.5)
    x[:, 3:6] += torch.randn(b, 3, 1, 1, generator=generator, device=x.device) * 0.02 * x[:, 6:7]
    return x


def accuracy(net, crops, labels, device):
    net.eval()
    with torch.no_grad():
        named = torch.cat([net(crops[s:s + 512].to(device)).argmax(1).cpu() for s in range(0, len(crops), 512)])
    return (named == labels).float().mean().item()


def train(net, crops, labels, validation, args, device):
    """Trains net and leaves in it the weights of the epoch that names the validation crops best."""
    steps_per_epoch = len(crops) // BATCH_SIZE
    optimizer = optimizer_for(net, args.lr)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, total_steps=args.epochs * steps_per_epoch)
    generator = torch.Generator(device=device).manual_seed(args.seed + 1)
    order = torch.Generator().manual_seed(args.seed)
    facts = {'split': 'train', 'images': args.train_images, 'crops': len(crops), 'epochs': args.epochs, 'seed': args.seed,
             'lr': args.lr, 'device': device_name(device)}
    best = (-1.0, None)
    started = time.time()
    for epoch in range(args.epochs):
        net.train()
        permutation = torch.randperm(len(crops), generator=order)
        total = 0.0
        for step in range(steps_per_epoch):
            index = permutation[step * BATCH_SIZE:(step + 1) * BATCH_SIZE]
            x, y = crops[index].to(device), labels[index].to(device)
            loss = F.cross_entropy(net(augment(x, generator)), y, label_smoothing=0.05)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            total += loss.item()
            if step % 200 == 0:
                print(f'  epoch {epoch + 1}/{args.epochs} step {step}/{steps_per_epoch} loss {loss.item():.3f} ({time.time() - started:.0f} s)', flush=True)
        score = accuracy(net, *validation, device)
        print(f'epoch {epoch + 1}: mean loss {total / steps_per_epoch:.3f}, validation (heldout) accuracy {score:.3f} ({time.time() - started:.0f} s)', flush=True)
        if score > best[0]:
            best = (score, copy.deepcopy(net.state_dict()))
            facts['selectedEpoch'] = epoch + 1
            if args.checkpoint:
                save_checkpoint(args.checkpoint, best[1], facts)
    net.load_state_dict(best[1])
    return facts


def main():
    parser = recipe_arguments(__doc__, epochs=10)
    parser.add_argument('--detector-weight', type=float, default=DETECTOR_WEIGHT,
                        help="exponent of the detector's class probabilities when the two are combined")
    args = parser.parse_args()
    device = start(args)
    classes = SimExport(args.train_dir.split(',')[0]).classes()
    validation = crops_of(args.validation_dir, classes, copies=1, jitter=0, seed=args.seed)
    net = ItemClassifier(len(classes)).to(device)

    def train_from_data():
        roots = args.train_dir.split(',')
        parts = [crops_of(root, classes, COPIES, JITTER, args.seed + k) for k, root in enumerate(roots)]
        crops, labels = torch.cat([p[0] for p in parts]), torch.cat([p[1] for p in parts])
        args.train_images = sum(len(SimExport(root).images) for root in roots)
        return train(net, crops, labels, validation, args, device)

    facts = trained(net, args, train_from_data)
    score = accuracy(net, *validation, device)
    print(f'validation (heldout): accuracy {score:.3f} on {len(validation[1])} items', flush=True)
    os.makedirs(args.out_dir, exist_ok=True)
    onnx_path = os.path.join(args.out_dir, 'katazuke_item_classifier.onnx')
    torch.onnx.export(ExportProbabilities(net.cpu().eval()), torch.zeros(2, 7, CROP, CROP), onnx_path, opset_version=13,
                      input_names=['crops'], output_names=['probabilities'],
                      dynamic_axes={'crops': {0: 'n'}, 'probabilities': {0: 'n'}})
    with open(args.randomization, 'rb') as f:
        randomization_hash = hashlib.sha256(f.read()).hexdigest()[:16]
    card = {
        'name': 'katazuke_item_classifier',
        'architecture': f'CNN on RGB-D box crops (3 stages of 2 3x3 convolutions, widths {WIDTH}/{2 * WIDTH}/{4 * WIDTH}, global mean + max pooling, linear, softmax)',
        'classes': classes,
        'input': {'crops': f'N x 7 x {CROP} x {CROP}: R, G, B in [0, 1]; x, y, z (map axes) of the pixel minus the box middle, x {POINT_SCALE}, 0 without depth; depth present (0/1). Box grown by {MARGIN} per side, nearest pixel (src/perception/itemCrop.ts)'},
        'output': 'N x C class probabilities',
        'training': {**facts, 'boxJitter': JITTER, 'copiesPerItem': COPIES, 'randomizationConfigSha256': randomization_hash},
        'validation': {'split': 'heldout', 'items': len(validation[1]), 'accuracyOnTrueBoxes': score},
        'date': date.today().isoformat(),
    }
    json.dump(card, open(os.path.join(args.out_dir, 'katazuke_item_classifier.card.json'), 'w'), indent=2)
    config = {
        'description': 'katazuke item classifier, the detector\'s second stage on RGB-D cameras (models/classifier/train.py); card: katazuke_item_classifier.card.json',
        'model': 'katazuke_item_classifier.onnx',
        'classes': classes,
        'detectorWeight': args.detector_weight,
    }
    json.dump(config, open(os.path.join(args.out_dir, 'katazuke_item_classifier.json'), 'w'), indent=2)
    print(f'wrote {onnx_path}, its config and model card', flush=True)


if __name__ == '__main__':
    main()
