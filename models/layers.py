"""Network building blocks the detector and depth recipes share."""
import torch
import torch.nn as nn


def conv(cin, cout, stride=1):
    """3x3 convolution, batch norm, ReLU."""
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


def with_coordinates(features):
    """Appends each cell's x and y, scaled to [-1, 1] (CoordConv, Liu et al., 2018): a convolution
    alone cannot tell where in the image it is, and with a camera looking down at a floor, the row
    says how far away a pixel is."""
    n, _, h, w = features.shape
    ys = (torch.arange(h, dtype=torch.float32, device=features.device) * (2 / (h - 1)) - 1).view(1, 1, h, 1).expand(n, 1, h, w)
    xs = (torch.arange(w, dtype=torch.float32, device=features.device) * (2 / (w - 1)) - 1).view(1, 1, 1, w).expand(n, 1, h, w)
    return torch.cat([features, xs, ys], 1)


class ImageContext(nn.Module):
    """Adds an image-wide summary to every cell (global average pool, 1x1 conv): where the floor
    meets the wall tells the camera's height and pitch, which no local window sees."""

    def __init__(self, channels):
        super().__init__()
        self.summary = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(channels, channels, 1), nn.ReLU(inplace=True))

    def forward(self, features):
        return features + self.summary(features)
