"""Trains katazuke's grasp policy from grasp trials in the simulated room and exports it to ONNX.

The policy ranks top-down grasp candidates (src/manipulation/graspProposals.ts) by their
predicted chance of holding an item through lifting and a 2 m carry. What it sees of a candidate
(src/manipulation/graspFeatures.ts): a 32x32 height map of the item's points in the candidate's
frame (x along the jaws' closing direction, 8 mm cells) and whether each cell has points, and a
vector of the tool, the opening, the item's footprint and heights, and its class hypotheses.
The network: three strided convolutions over the map, a linear layer over the vector, two
linear layers over both, a sigmoid.

Supervised on sampled grasp outcomes (scripts/models/graspData.ts): each trial is one candidate
tried in physics (binary cross-entropy). The jaws and the height map are mirror-symmetric, so
maps are flipped at random along both axes. The scenes of the last VALIDATION_SHARE of the data's
seeds are held back for validation and the epoch kept is the one ranking them best (ROC AUC);
the evaluation (npm run eval:grasp -- --harness trials) uses heldout seeds and wider physics.

Needs Debian's python3-torch and python3-onnx and runs with /usr/bin/python3.
Usage: train.py DATA_STEM OUT_DIR --name NAME [--epochs N] [--seed S] [--lr L] [--threads T] [--device cpu|cuda]
"""
import argparse
import copy
import json
import os
import time
from datetime import date

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

VALIDATION_SHARE = 0.1
BATCH_SIZE = 128


class GraspNet(nn.Module):
    def __init__(self, channels, vector_size):
        super().__init__()
        self.maps = nn.Sequential(
            nn.Conv2d(channels, 16, 5, stride=2, padding=2), nn.ReLU(),
            nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(32, 32, 3, stride=2, padding=1), nn.ReLU(), nn.Flatten())
        self.vector = nn.Sequential(nn.Linear(vector_size, 64), nn.ReLU())
        self.head = nn.Sequential(nn.Linear(32 * 4 * 4 + 64, 128), nn.ReLU(), nn.Linear(128, 1))

    def forward(self, maps, vector):
        return self.head(torch.cat([self.maps(maps), self.vector(vector)], 1)).squeeze(1)


class ExportProbability(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, maps, vector):
        return torch.sigmoid(self.net(maps, vector))


def load(stem):
    header = json.load(open(stem + '.json'))
    n, cells = header['trials'], int(round((header['heightMapValues'] / 2) ** 0.5))
    maps = np.fromfile(stem + '.maps.f32', dtype=np.float32).reshape(n, 2, cells, cells)
    vectors = np.fromfile(stem + '.vectors.f32', dtype=np.float32).reshape(n, header['vectorSize'])
    labels = np.fromfile(stem + '.labels.u8', dtype=np.uint8).astype(np.float32)
    scenes = np.fromfile(stem + '.scenes.u32', dtype=np.uint32)
    return header, torch.from_numpy(maps), torch.from_numpy(vectors), torch.from_numpy(labels), scenes


def auc(scores, labels):
    """ROC AUC: the chance a random success is scored above a random failure."""
    order = np.argsort(scores)
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    positives = labels == 1
    p, q = positives.sum(), (~positives).sum()
    if p == 0 or q == 0:
        return float('nan')
    return float((ranks[positives].sum() - p * (p + 1) / 2) / (p * q))


def predict(net, maps, vectors, device):
    net.eval()
    with torch.no_grad():
        return torch.cat([torch.sigmoid(net(maps[s:s + 1024].to(device), vectors[s:s + 1024].to(device))).cpu()
                          for s in range(0, len(maps), 1024)]).numpy()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('data_stem', help='DIR/grasp-RANGE-S-N as scripts/models/graspData.ts wrote it')
    parser.add_argument('out_dir')
    parser.add_argument('--name', required=True)
    parser.add_argument('--epochs', type=int, default=40)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--lr', type=float, default=2e-3)
    parser.add_argument('--threads', type=int, default=os.cpu_count())
    parser.add_argument('--device', default='cpu')
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    header, maps, vectors, labels, scenes = load(args.data_stem)
    cut = np.quantile(np.unique(scenes), 1 - VALIDATION_SHARE)
    held_back = torch.from_numpy(scenes > cut)
    train_index, validation_index = torch.nonzero(~held_back).squeeze(1), torch.nonzero(held_back).squeeze(1)
    print(f'{args.data_stem}: {len(labels)} trials ({labels.mean():.3f} held); train {len(train_index)}, '
          f'validation {len(validation_index)} (scenes with seed > {cut:.0f})', flush=True)
    net = GraspNet(maps.shape[1], vectors.shape[1]).to(device)
    optimizer = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-4)
    steps_per_epoch = max(1, len(train_index) // BATCH_SIZE)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, total_steps=args.epochs * steps_per_epoch)
    order = torch.Generator().manual_seed(args.seed)
    validation = (maps[validation_index], vectors[validation_index], labels[validation_index].numpy())
    best = (-1.0, None, 0)
    started = time.time()
    for epoch in range(args.epochs):
        net.train()
        permutation = train_index[torch.randperm(len(train_index), generator=order)]
        total = 0.0
        for step in range(steps_per_epoch):
            index = permutation[step * BATCH_SIZE:(step + 1) * BATCH_SIZE]
            x = maps[index]
            flips = torch.rand(2, generator=order)
            if flips[0] < 0.5:
                x = x.flip(3)
            if flips[1] < 0.5:
                x = x.flip(2)
            loss = F.binary_cross_entropy_with_logits(net(x.to(device), vectors[index].to(device)), labels[index].to(device))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            total += loss.item()
        score = auc(predict(net, validation[0], validation[1], device), validation[2])
        print(f'epoch {epoch + 1}/{args.epochs}: loss {total / steps_per_epoch:.3f}, validation AUC {score:.3f} '
              f'({time.time() - started:.0f} s)', flush=True)
        # A validation set of one outcome (a tiny trial run of the recipe) has no AUC: keep the last epoch.
        if best[1] is None or score > best[0] or np.isnan(score):
            best = (score, copy.deepcopy(net.state_dict()), epoch + 1)
    net.load_state_dict(best[1])
    probabilities = predict(net, validation[0], validation[1], device)
    accuracy = float(((probabilities > 0.5) == (validation[2] > 0.5)).mean())
    os.makedirs(args.out_dir, exist_ok=True)
    onnx_path = os.path.join(args.out_dir, args.name + '.onnx')
    torch.onnx.export(ExportProbability(net.cpu().eval()), (torch.zeros(2, *maps.shape[1:]), torch.zeros(2, vectors.shape[1])),
                      onnx_path, opset_version=13, input_names=['height_maps', 'vectors'], output_names=['success'],
                      dynamic_axes={'height_maps': {0: 'n'}, 'vectors': {0: 'n'}, 'success': {0: 'n'}})
    card = {
        'name': args.name,
        'architecture': 'height map: 3 strided convolutions (16/32/32 channels); vector: linear 64; joint: linear 128, linear 1, sigmoid',
        'input': {
            'height_maps': f'N x 2 x {maps.shape[2]} x {maps.shape[3]}: highest point above the support x5 per 8 mm cell, and whether the cell has points; '
                           'centred on the grasp point, x along the closing direction (src/manipulation/graspFeatures.ts)',
            'vectors': f'N x {vectors.shape[1]}: gripper, suction, opening/max, width/max, top x5, tool height x5, tool below top x10, '
                       'distance from the middle x10, width x5, length x5, then the class probabilities in `classes` order',
        },
        'output': 'N: predicted chance the grasp holds through lifting and a 2 m carry',
        'classes': header['categories'],
        'training': {'data': os.path.basename(args.data_stem), 'range': header['range'], 'scenes': header['scenes'],
                     'trials': int(len(train_index)), 'heldShare': float(labels[train_index].mean()), 'epochs': args.epochs,
                     'selectedEpoch': best[2], 'seed': args.seed, 'lr': args.lr, 'device': str(device),
                     'seconds': round(time.time() - started)},
        'validation': {'split': f'{header["range"]} scenes with seed > {cut:.0f} (not trained on)', 'trials': int(len(validation_index)),
                       'auc': best[0], 'accuracy': accuracy},
        'date': date.today().isoformat(),
    }
    json.dump(card, open(os.path.join(args.out_dir, args.name + '.card.json'), 'w'), indent=2)
    config = {
        'description': f'katazuke grasp policy trained on {header["range"]} physics (models/grasp/train.py); card: {args.name}.card.json',
        'model': args.name + '.onnx',
        'classes': header['categories'],
    }
    json.dump(config, open(os.path.join(args.out_dir, args.name + '.json'), 'w'), indent=2)
    print(f'validation: AUC {best[0]:.3f}, accuracy {accuracy:.3f}; wrote {onnx_path}, its config and model card', flush=True)


if __name__ == '__main__':
    main()
