"""The classifier's input planes for one box (needs only numpy), imported by the training recipe and by
the parity test against src/perception/itemCrop.ts, so that test needs no training framework."""
import numpy as np

CROP = 24
MARGIN = 0.1
POINT_SCALE = 5


def rotation_matrix(q):
    x, y, z, w = q
    return np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                     [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                     [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])


def item_crop(rgb, depth_m, k, map_r_optical, box):
    """7 x CROP x CROP: colour in [0, 1], 3D point minus the middle's (map axes, x POINT_SCALE),
    depth present. rgb H x W x 3 uint8, depth_m H x W metres (0 = none), k the row-major K,
    box (x1, y1, x2, y2) in pixels. Same as ItemCropBuilder.write (itemCrop.ts)."""
    x1, y1, x2, y2 = box
    x1, x2 = x1 - MARGIN * (x2 - x1), x2 + MARGIN * (x2 - x1)
    y1, y2 = y1 - MARGIN * (y2 - y1), y2 + MARGIN * (y2 - y1)
    height, width = depth_m.shape
    steps = np.arange(CROP) + 0.5
    columns = np.clip(np.floor(x1 + steps * (x2 - x1) / CROP), 0, width - 1).astype(int)
    rows = np.clip(np.floor(y1 + steps * (y2 - y1) / CROP), 0, height - 1).astype(int)
    colour = rgb[rows][:, columns].astype(np.float32) / 255
    d = depth_m[rows][:, columns].astype(np.float64)
    u, v = np.meshgrid(columns, rows)
    points = np.stack([(u - k[2]) / k[0] * d, (v - k[5]) / k[4] * d, d], -1) @ map_r_optical.T
    valid = d > 0
    middle = np.zeros_like(valid)
    middle[CROP // 4:3 * CROP // 4, CROP // 4:3 * CROP // 4] = True
    reference = valid & middle if (valid & middle).any() else valid
    centre = points[reference].mean(0) if reference.any() else np.zeros(3)
    relative = np.where(valid[..., None], (points - centre) * POINT_SCALE, 0)
    planes = np.concatenate([colour, relative.astype(np.float32), valid[..., None].astype(np.float32)], -1)
    return planes.transpose(2, 0, 1)
