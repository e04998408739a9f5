"""Expands pocketsphinx's quantized mixture weights (`sendump`) into the sphinxtrain
`mixture_weights` file that bw and map_adapt need; the Debian model ships only the former.

Usage: /usr/bin/python3 sendumpToMixtureWeights.py SENDUMP MIXTURE_WEIGHTS
"""
import struct
import sys

import numpy as np


def read_sendump(path):
    """Returns weights shaped (senones, features, codewords). Format: length-prefixed header
    strings, then per feature and codeword one byte per senone: -log1.0001(weight) >> shift."""
    with open(path, 'rb') as f:
        data = f.read()
    offset = 0
    endian = '<'

    def integer():
        nonlocal offset, endian
        value = struct.unpack_from(endian + 'I', data, offset)[0]
        if value > 65536 and endian == '<':
            endian = '>'
            value = struct.unpack_from(endian + 'I', data, offset)[0]
        offset += 4
        return value

    def string():
        nonlocal offset
        length = integer()
        text = data[offset:offset + length - 1].decode() if length else None
        offset += length
        return text

    string()  # title
    header = {}
    while (line := string()) is not None:
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            header[parts[0]] = int(parts[1])
    if header.get('cluster_count', 0) != 0:
        sys.exit(f'{path}: clustered sendump files are not supported')
    codewords, senones = integer(), integer()
    features, shift = header['feature_count'], header.get('mixw_shift', 10)
    quantized = np.frombuffer(data, np.uint8, features * codewords * senones, offset)
    quantized = quantized.reshape(features, codewords, senones).astype(np.float64)
    return np.power(1.0001, -(quantized * (1 << shift))).transpose(2, 0, 1)


def write_mixture_weights(path, weights):
    """sphinxtrain's binary 3-d parameter file: an s3 header, a byte-order word, dims, floats."""
    header = b's3\nversion 1.0\n'
    pad = (len(header) + len(b'endhdr\n')) & 3
    header += (b' ' * (4 - pad) if pad else b'') + b'endhdr\n'
    with open(path, 'wb') as f:
        f.write(header)
        f.write(struct.pack('=i', 0x11223344))
        f.write(struct.pack('=IIII', *weights.shape, weights.size))
        weights.astype('=f4').tofile(f)


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    write_mixture_weights(sys.argv[2], read_sendump(sys.argv[1]))
