"""Shrink a screenshot for the repository: the most frequent colours become a palette (at most 256),
every pixel takes the nearest of them, and the result is written as an 8-bit indexed PNG. A page
of flat colours and anti-aliased text keeps its look at a fifth of the size or less (no Pillow)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np


def quantize(pixels: np.ndarray, colours: int = 96) -> tuple[np.ndarray, np.ndarray]:
    """(palette (k, 3) uint8, indices (h, w) uint8) from an (h, w, 3|4) image."""
    rgb = pixels[..., :3].astype(np.int32)
    flat = (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
    values, counts = np.unique(flat.ravel(), return_counts=True)
    top = values[np.argsort(counts)[::-1][:colours]]
    palette = np.stack([(top >> 16) & 255, (top >> 8) & 255, top & 255], axis=1)
    lookup = np.empty(values.shape[0], dtype=np.uint8)
    for start in range(0, values.shape[0], 4096):  # nearest palette colour of each distinct colour
        chunk = values[start:start + 4096]
        rgb_chunk = np.stack([(chunk >> 16) & 255, (chunk >> 8) & 255, chunk & 255], axis=1)
        distance = ((rgb_chunk[:, None, :] - palette[None, :, :]) ** 2).sum(axis=2)
        lookup[start:start + 4096] = distance.argmin(axis=1)
    indices = lookup[np.searchsorted(values, flat)]
    return palette.astype(np.uint8), indices.astype(np.uint8)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def write_indexed_png(path: Path, palette: np.ndarray, indices: np.ndarray) -> int:
    height, width = indices.shape
    raw = np.concatenate([np.zeros((height, 1), dtype=np.uint8), indices], axis=1).tobytes()
    data = (b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0))
            + _chunk(b"PLTE", palette.tobytes())
            + _chunk(b"IDAT", zlib.compress(raw, 9))
            + _chunk(b"IEND", b""))
    path.write_bytes(data)
    return len(data)
