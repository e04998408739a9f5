"""Reads the datasets `katazuke sim dataset` exports (COCO JSON, RGB PNG, 16-bit depth PNG in mm).

Shared by the detector and depth recipes. The sim writes unfiltered PNGs (filter type 0 on every
row), so numpy and zlib decode them; the training machine needs no image library.
"""
import json
import os
import struct
import zlib

import numpy as np

# PNG colour types the sim writes: 0 = grey, 2 = RGB.
_CHANNELS = {0: 1, 2: 3}


def read_png(path):
    """An H x W x C uint8 array (8-bit) or H x W x C uint16 array (16-bit)."""
    with open(path, 'rb') as f:
        data = f.read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError(f'{path}: not a PNG')
    pos, idat, width, height, depth, channels = 8, [], 0, 0, 8, 3
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            width, height, depth, color = struct.unpack('>IIBB', body[:10])
            if depth not in (8, 16) or color not in _CHANNELS:
                raise ValueError(f'{path}: expected 8/16-bit grey or RGB, got depth {depth} colour type {color}')
            channels = _CHANNELS[color]
        elif kind == b'IDAT':
            idat.append(body)
        pos += 12 + length
    row_bytes = width * channels * depth // 8
    raw = np.frombuffer(zlib.decompress(b''.join(idat)), dtype=np.uint8).reshape(height, 1 + row_bytes)
    if raw[:, 0].any():
        raise ValueError(f'{path}: rows use PNG filters; only the sim\'s unfiltered PNGs are supported')
    pixels = raw[:, 1:]
    if depth == 16:
        pixels = pixels.copy().view('>u2').astype(np.uint16)
    return pixels.reshape(height, width, channels)


class SimExport:
    """One exported split: its COCO annotations and loaders for each image's RGB and metric depth."""

    def __init__(self, root):
        self.root = root
        self.coco = json.load(open(os.path.join(root, 'annotations.json')))
        self.images = self.coco['images']

    def classes(self):
        return [c['name'] for c in sorted(self.coco['categories'], key=lambda c: c['id'])]

    def rgb(self, k):
        return read_png(os.path.join(self.root, self.images[k]['file_name']))

    def depth_m(self, k):
        """Metres, 0 where the sensor returned nothing."""
        image = self.images[k]
        mm = read_png(os.path.join(self.root, image['depth_file']))[:, :, 0]
        return mm.astype(np.float32) * image['depth_scale_m']


def photometric_augmentation(x, generator):
    """Random light and colour for a batch (B x 3 x H x W in [0, 1]), beyond the sim's own
    randomization: exposure, tint, gamma, desaturation, swapped colour channels and sensor noise,
    so that a model leans on shape and shading more than on the exact colours it trained on.
    The generator lives on x's device, so a GPU run draws its randomness there."""
    import torch

    b, device = x.shape[0], x.device

    def uniform(low, high, *shape):
        return torch.empty(b, *shape, device=device).uniform_(low, high, generator=generator)

    x = x.clamp(min=1e-4) ** uniform(0.7, 1.4, 1, 1, 1) * uniform(0.5, 1.5, 1, 1, 1) * uniform(0.75, 1.25, 3, 1, 1)
    gray = uniform(0.0, 0.6, 1, 1, 1)
    x = x * (1 - gray) + x.mean(1, keepdim=True) * gray
    swap = torch.rand(b, generator=generator, device=device) < 0.3
    if swap.any():
        x[swap] = x[swap][:, torch.randperm(3, generator=generator, device=device)]
    x = x + torch.randn(x.shape, generator=generator, device=device) * uniform(0.0, 0.03, 1, 1, 1)
    return x.clamp(0, 1)
