"""Trains katazuke's item detector on the simulated room and exports it to ONNX (float:
katazuke_detector_float.onnx and its config; models/quantize.py makes the int8 model the robot runs).

A small CenterNet (Zhou et al., "Objects as Points", 2019): a strided conv backbone with a
two-level feature pyramid and, at stride 4, a class-agnostic centre heatmap, a category head
(softmax, trained on the cells around each centre: few examples per class learn faster as one
softmax than as 45 independent heatmaps), box size and centre offset. A detection's class score
is objectness x category probability. Augmentation: mirroring and random light and colour
(sim_dataset.photometric_augmentation). The epoch kept is the one that scores best on validation.
The exported graph already decodes to the YOLOv8 layout 1 x (4 + C) x N (box centre and size in
input pixels, then class scores with 3x3 max-pool peak suppression), so the stack's standard
decoder and NMS run it.

Data: `katazuke sim dataset` exports (COCO JSON + RGB PNG). Trained on the `train` split,
validated on `heldout` (model selection only; the evaluation set of eval:perception is separate).
Needs Debian's python3-torch and python3-onnx and runs with /usr/bin/python3; --device cuda trains
on a GPU with a CUDA build of PyTorch, whose --checkpoint Debian's PyTorch then exports
(--from-checkpoint).
Usage: train.py TRAIN_DIR VALIDATION_DIR OUT_DIR [--epochs N | --time-budget-min M] [--seed S] [--lr L]
       [--threads T] [--device cpu|cuda] [--workers W] [--checkpoint F.npz] [--from-checkpoint F.npz] [--init-from F.npz]
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
from layers import ImageContext, conv, with_coordinates  # noqa: E402
from recipe import device_name, optimizer_for, recipe_arguments, start, trained  # noqa: E402
from sim_dataset import SimExport, photometric_augmentation  # noqa: E402
from training_budget import epochs_within  # noqa: E402

STRIDE = 4


class SimDataset(torch.utils.data.Dataset):
    """One split in memory, with CenterNet targets built per sample (after the optional mirror)."""

    def __init__(self, root, classes, mirror=False):
        export = SimExport(root)
        self.images = export.images
        self.rgb = [export.rgb(k) for k in range(len(self.images))]
        self.category_index = {c['id']: classes.index(c['name']) for c in export.coco['categories']}
        self.boxes = {image['id']: [] for image in self.images}
        for a in export.coco['annotations']:
            self.boxes[a['image_id']].append((self.category_index[a['category_id']], *a['bbox']))
        self.mirror = mirror
        self.random = np.random.default_rng(0)

    def __len__(self):
        return len(self.images)

    def __getitem__(self, k):
        rgb = self.rgb[k]
        boxes = self.boxes[self.images[k]['id']]
        h, w = rgb.shape[:2]
        if self.mirror and self.random.random() < 0.5:  # the room has no handedness
            rgb = rgb[:, ::-1]
            boxes = [(c, w - x - bw, y, bw, bh) for c, x, y, bw, bh in boxes]
        gh, gw = h // STRIDE, w // STRIDE
        heatmap = np.zeros((1, gh, gw), np.float32)
        labels = np.full((gh, gw), -1, np.int64)
        size = np.zeros((2, gh, gw), np.float32)
        offset = np.zeros((2, gh, gw), np.float32)
        mask = np.zeros((gh, gw), np.float32)
        ys, xs = np.mgrid[0:gh, 0:gw]
        # Larger boxes first, so a small item's centre cells win where two overlap.
        for c, x, y, bw, bh in sorted(boxes, key=lambda b: -b[3] * b[4]):
            cx, cy = (x + bw / 2) / STRIDE, (y + bh / 2) / STRIDE
            ix, iy = min(int(cx), gw - 1), min(int(cy), gh - 1)
            sigma = max(0.5, (min(bw, bh) / STRIDE) / 6)
            heatmap[0] = np.maximum(heatmap[0], np.exp(-((xs - ix) ** 2 + (ys - iy) ** 2) / (2 * sigma * sigma)))
            labels[max(0, iy - 1):iy + 2, max(0, ix - 1):ix + 2] = c
            size[:, iy, ix] = (bw, bh)
            offset[:, iy, ix] = (cx - ix, cy - iy)
            mask[iy, ix] = 1
        x = torch.from_numpy(np.ascontiguousarray(rgb).astype(np.float32) / 255).permute(2, 0, 1)
        return x, torch.from_numpy(heatmap), torch.from_numpy(labels), torch.from_numpy(size), torch.from_numpy(offset), torch.from_numpy(mask)


def seed_worker(_):
    """Each loader worker mirrors from its own stream, seeded from the loader's generator."""
    info = torch.utils.data.get_worker_info()
    info.dataset.random = np.random.default_rng(torch.initial_seed() % 2 ** 32)


class CenterNet(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.s2 = nn.Sequential(conv(3, 16, 2), conv(16, 24, 2), conv(24, 32))  # stride 4
        self.s8 = nn.Sequential(conv(32, 48, 2), conv(48, 48))
        self.s16 = nn.Sequential(conv(48, 64, 2), conv(64, 64))
        # Image-wide context and each cell's position together turn apparent size into metric
        # size, which is what tells a sock from a slipper.
        self.context = ImageContext(64)
        self.lateral8 = nn.Conv2d(48, 64, 1)
        self.lateral4 = nn.Conv2d(32, 64, 1)
        self.fuse8 = conv(64, 64)
        self.fuse4 = conv(64, 64)
        self.objectness = nn.Sequential(conv(64, 64), nn.Conv2d(64, 1, 1))
        self.category = nn.Sequential(conv(64 + 2, 96), conv(96, 96), nn.Conv2d(96, num_classes, 1))
        self.box = nn.Sequential(conv(64 + 2, 64), nn.Conv2d(64, 4, 1))
        nn.init.constant_(self.objectness[-1].bias, -2.19)

    def features(self, x):
        """The stride-4 feature map the heads read."""
        f4 = self.s2(x)
        f8 = self.s8(f4)
        f16 = self.s16(f8)
        f16 = f16 + self.context(f16)
        p8 = self.fuse8(self.lateral8(f8) + F.interpolate(f16, size=f8.shape[2:], mode='nearest'))
        return self.fuse4(self.lateral4(f4) + F.interpolate(p8, size=f4.shape[2:], mode='nearest'))

    def forward(self, x):
        p4 = self.features(x)
        located = with_coordinates(p4)
        return self.objectness(p4), self.category(located), self.box(located)


class CoordinatesFolded(nn.Module):
    """A head whose first convolution reads the features and each cell's coordinates, rewritten for
    one input size: the coordinates' share of that convolution is the same for every image, so it
    becomes a constant map added to a convolution over the features alone, whose channel count
    (64, not 66) suits the CPU's blocked convolution kernels. The batch norm after it is folded into
    both. The same function, for an evaluation-mode head."""

    def __init__(self, head, feature_channels, height, width):
        super().__init__()
        first, norm = head[0][0], head[0][1]
        with torch.no_grad():
            scale = norm.weight / torch.sqrt(norm.running_var + norm.eps)
            weight = first.weight * scale.view(-1, 1, 1, 1)
            coordinates = with_coordinates(torch.zeros(1, 0, height, width, device=weight.device))
            share = F.conv2d(coordinates, weight[:, feature_channels:], padding=1)
            share += (norm.bias - norm.running_mean * scale).view(1, -1, 1, 1)
        self.conv = nn.Conv2d(feature_channels, first.out_channels, 3, 1, 1, bias=False)
        self.conv.weight = nn.Parameter(weight[:, :feature_channels].clone())
        self.register_buffer('coordinates_share', share)
        self.rest = nn.Sequential(*list(head[0])[2:], *list(head)[1:])

    def forward(self, features):
        return self.rest(self.conv(features) + self.coordinates_share)


class ExportToYoloLayout(nn.Module):
    """Decodes inside the graph, for one input size: 1 x (4 + C) x N with cx, cy, w, h in input
    pixels. An evaluation-mode network only (the heads are rewritten, CoordinatesFolded).

    Mirror test-time augmentation: the image and its mirror image go through the network as one
    batch, and the mirror's maps are flipped back (its x offsets too) and averaged with the
    image's before peaks are taken: +0.023 validation mAP@0.5 for twice the convolutions."""

    def __init__(self, net, height, width):
        super().__init__()
        self.net = net
        channels, grid = net.fuse4[0].out_channels, (height // STRIDE, width // STRIDE)
        self.category = CoordinatesFolded(net.category, channels, *grid)
        self.box = CoordinatesFolded(net.box, channels, *grid)

    def forward(self, x):
        p4 = self.net.features(torch.cat([x, x.flip(3)]))
        objectness = with_mirror(torch.sigmoid(self.net.objectness(p4)))
        # Softmax over channels spelled out: onnxruntime's Softmax on a middle axis transposes the
        # whole map twice and costs several times these five element-wise steps.
        category = self.category(p4)
        exp = torch.exp(category - category.max(dim=1, keepdim=True).values)
        probabilities = with_mirror(exp / exp.sum(dim=1, keepdim=True))
        box = self.box(p4)
        mirrored = box[1:2].flip(3)  # w, h, x offset, y offset: the x offset counts from the other side
        box = (box[0:1] + torch.cat([mirrored[:, 0:2], 1 - mirrored[:, 2:3], mirrored[:, 3:4]], 1)) / 2
        peaks = (F.max_pool2d(objectness, 3, 1, 1) == objectness).float()
        scores = objectness * peaks * probabilities
        _, _, gh, gw = scores.shape
        ys = torch.arange(gh, dtype=torch.float32, device=box.device).view(1, 1, gh, 1).expand(1, 1, gh, gw)
        xs = torch.arange(gw, dtype=torch.float32, device=box.device).view(1, 1, 1, gw).expand(1, 1, gh, gw)
        cx = (xs + box[:, 2:3]) * STRIDE
        cy = (ys + box[:, 3:4]) * STRIDE
        wh = F.relu(box[:, 0:2])
        out = torch.cat([cx, cy, wh, scores], dim=1)
        return out.flatten(2)


def with_mirror(maps):
    """The mean of an image's maps (batch item 0) and its mirror image's, flipped back (item 1)."""
    return (maps[0:1] + maps[1:2].flip(3)) / 2


def focal_loss(logits, target):
    p = torch.sigmoid(logits).clamp(1e-4, 1 - 1e-4)
    positive = target.eq(1).float()
    negative = 1 - positive
    pos_loss = torch.log(p) * (1 - p) ** 2 * positive
    neg_loss = torch.log(1 - p) * p ** 2 * (1 - target) ** 4 * negative
    n = positive.sum().clamp(min=1)
    return -(pos_loss.sum() + neg_loss.sum()) / n


def losses(net, batch):
    x, heatmap, labels, size, offset, mask = batch
    objectness, category, box = net(x)
    m = mask.unsqueeze(1)
    n = mask.sum().clamp(min=1)
    size_loss = (torch.abs(box[:, 0:2] - size) * m).sum() / n
    offset_loss = (torch.abs(box[:, 2:4] - offset) * m).sum() / n
    category_loss = F.cross_entropy(category, labels, ignore_index=-1) if (labels >= 0).any() else category.sum() * 0
    return focal_loss(objectness, heatmap) + category_loss + 0.05 * size_loss + offset_loss


def average_precision(detections, truths, iou_threshold):
    """VOC-style all-point AP for one class: detections (image, score, box), truths {image: [box]}."""
    total = sum(len(b) for b in truths.values())
    if total == 0:
        return None
    used = {k: [False] * len(v) for k, v in truths.items()}
    hits = []
    for image, _, box in sorted(detections, key=lambda d: -d[1]):
        best, best_iou = -1, iou_threshold
        for j, t in enumerate(truths.get(image, [])):
            iou = box_iou(box, t)
            if iou >= best_iou and not used[image][j]:
                best, best_iou = j, iou
        if best >= 0:
            used[image][best] = True
        hits.append(best >= 0)
    tp = np.cumsum(hits)
    recall = tp / total
    precision = tp / np.arange(1, len(hits) + 1)
    ap, previous_recall = 0.0, 0.0
    for k in range(len(hits)):
        if hits[k]:
            ap += (recall[k] - previous_recall) * precision[k:].max()
            previous_recall = recall[k]
    return ap


def box_iou(a, b):
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


def evaluate(net, dataset, threshold=0.05, max_per_image=50, class_agnostic=False):
    """mAP@0.5 and mAP@0.5:0.95 over the classes present (no NMS needed: peaks are suppressed).
    class_agnostic: every box counts as one class, which separates finding items from naming them."""
    height, width = dataset[0][0].shape[1:]
    export = ExportToYoloLayout(net.eval(), height, width).eval()
    device = next(net.parameters()).device
    per_class = {}
    truths = {}
    with torch.no_grad():
        for k in range(len(dataset)):
            x = dataset[k][0].unsqueeze(0).to(device)
            out = export(x)[0].cpu().numpy()
            scores = out[4:]
            classes = scores.argmax(0)
            best = scores.max(0)
            keep = np.argsort(-best)[:max_per_image]
            for n in keep:
                if best[n] < threshold:
                    break
                cx, cy, w, h = out[:4, n]
                per_class.setdefault(0 if class_agnostic else int(classes[n]), []).append((k, float(best[n]), (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)))
            for c, x0, y0, bw, bh in dataset.boxes[dataset.images[k]['id']]:
                truths.setdefault(0 if class_agnostic else c, {}).setdefault(k, []).append((x0, y0, x0 + bw, y0 + bh))
    maps = {}
    for iou in [0.5 + 0.05 * i for i in range(10)]:
        aps = [average_precision(per_class.get(c, []), truths[c], iou) for c in truths]
        maps[round(iou, 2)] = float(np.mean([a for a in aps if a is not None]))
    return maps[0.5], float(np.mean(list(maps.values())))


def train_step(net, optimizer, batch, augment, device):
    batch = [t.to(device, non_blocking=True) for t in batch]
    batch = (photometric_augmentation(batch[0], augment), *batch[1:])
    loss = losses(net, batch)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss


def loader_for(dataset, args, seed):
    return torch.utils.data.DataLoader(dataset, batch_size=16, shuffle=True, num_workers=args.workers, worker_init_fn=seed_worker,
                                       pin_memory=args.device == 'cuda', generator=torch.Generator().manual_seed(seed))


def train(net, train_set, validation, args, device):
    """Trains net and leaves in it the weights of the epoch that scored best on validation (model
    selection on the validation split); returns the facts of the run for the model card."""
    loader = loader_for(train_set, args, args.seed)
    epochs = args.epochs
    if args.time_budget_min:
        probe_net, probe_set = copy.deepcopy(net), copy.copy(train_set)
        probe_set.random = np.random.default_rng(args.seed + 2)
        probe_optimizer, probe_augment = optimizer_for(probe_net, args.lr), torch.Generator(device=device).manual_seed(args.seed + 3)
        probe_batches = endless(loader_for(probe_set, args, args.seed + 2))
        epochs = epochs_within(args.time_budget_min * 60 * 0.9, len(loader),
                               lambda: train_step(probe_net, probe_optimizer, next(probe_batches), probe_augment, device))
    optimizer = optimizer_for(net, args.lr)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, total_steps=epochs * len(loader))
    augment = torch.Generator(device=device).manual_seed(args.seed + 1)
    facts = {'split': 'train', 'images': len(train_set), 'epochs': epochs, 'seed': args.seed, 'lr': args.lr,
             'device': device_name(device)}
    if args.init_from:
        _, facts['initializedFrom'] = load_checkpoint(args.init_from)
    best = (-1.0, 0, None)
    started = time.time()
    for epoch in range(epochs):
        net.train()
        total = 0.0
        for step, batch in enumerate(loader):
            loss = train_step(net, optimizer, batch, augment, device)
            scheduler.step()
            total += loss.item()
            if step % 100 == 0:
                print(f'  epoch {epoch + 1}/{epochs} step {step}/{len(loader)} loss {loss.item():.3f} ({time.time() - started:.0f} s)', flush=True)
        print(f'epoch {epoch + 1}: mean loss {total / len(loader):.3f} ({time.time() - started:.0f} s)', flush=True)
        if (epoch + 1) % args.validate_every == 0 or epoch + 1 == epochs:
            net.eval()
            score, _ = evaluate(net, validation)
            print(f'  validation (heldout) mAP@0.5 after epoch {epoch + 1}: {score:.3f}', flush=True)
            if score > best[0]:
                best = (score, epoch + 1, copy.deepcopy(net.state_dict()))
                facts['selectedEpoch'] = epoch + 1
                if args.checkpoint:
                    save_checkpoint(args.checkpoint, best[2], facts)
    net.load_state_dict(best[2])
    return facts


def endless(loader):
    while True:
        yield from loader


def main():
    parser = recipe_arguments(__doc__, epochs=12)
    parser.add_argument('--validate-every', type=int, default=5, help='epochs between validations (model selection)')
    parser.add_argument('--workers', type=int, default=0, help='data loader processes')
    args = parser.parse_args()
    device = start(args)
    np.random.seed(args.seed)
    classes = SimExport(args.train_dir).classes()
    validation = SimDataset(args.validation_dir, classes)
    net = CenterNet(len(classes)).to(device)
    facts = trained(net, args, lambda: train(net, SimDataset(args.train_dir, classes, mirror=True), validation, args, device))
    net.eval()
    map50, map50_95 = evaluate(net, validation)
    print(f'validation (heldout): mAP@0.5 {map50:.3f}, mAP@0.5:0.95 {map50_95:.3f}', flush=True)
    agnostic50, _ = evaluate(net, validation, class_agnostic=True)
    print(f'validation (heldout), class-agnostic: AP@0.5 {agnostic50:.3f}', flush=True)
    os.makedirs(args.out_dir, exist_ok=True)
    height, width = validation[0][0].shape[1:]
    onnx_path = os.path.join(args.out_dir, 'katazuke_detector_float.onnx')
    torch.onnx.export(ExportToYoloLayout(net.cpu(), height, width), torch.zeros(1, 3, height, width), onnx_path, opset_version=13,
                      input_names=['images'], output_names=['output0'])
    with open(args.randomization, 'rb') as f:
        randomization_hash = hashlib.sha256(f.read()).hexdigest()[:16]
    card = {
        'name': 'katazuke_detector',
        'architecture': 'CenterNet (stride 4, two-level pyramid with image-wide context, class-agnostic centres + softmax categories and boxes from features + cell coordinates), exported decoded to the YOLOv8 layout, averaged with its mirror image (test-time augmentation)',
        'classes': classes,
        'input': {'width': width, 'height': height, 'channelOrder': 'rgb', 'normalization': 'pixel / 255', 'resize': 'stretch'},
        'output': '1 x (4 + C) x N: cx, cy, w, h in input pixels, then class scores (objectness after 3x3 peak suppression x category probability)',
        'training': {**facts, 'randomizationConfigSha256': randomization_hash},
        'validation': {'split': 'heldout', 'images': len(validation), 'mAP50': map50, 'mAP50_95': map50_95,
                       'classAgnosticAP50': agnostic50},
        'date': date.today().isoformat(),
    }
    json.dump(card, open(os.path.join(args.out_dir, 'katazuke_detector.card.json'), 'w'), indent=2)
    config = {
        'description': 'katazuke item detector trained in the simulated room (models/detector/train.py); card: katazuke_detector.card.json',
        'model': 'katazuke_detector_float.onnx',
        'classes': classes,
        'decoder': 'yolo',
        'input': {'width': width, 'height': height, 'channelOrder': 'rgb', 'letterbox': False},
        'scoreThreshold': 0.3,
        'iouThreshold': 0.5,
        'hypothesesPerBox': 3,
        'hypothesisThreshold': 0.05,
    }
    json.dump(config, open(os.path.join(args.out_dir, 'katazuke_detector_float.json'), 'w'), indent=2)
    print(f'wrote {onnx_path}, its detector config and model card', flush=True)


if __name__ == '__main__':
    main()
