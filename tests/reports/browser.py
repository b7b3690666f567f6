"""Headless Chromium from the command line (no Playwright): dump the DOM, take a screenshot, read
the browser's console log, and decode the PNG it writes (8-bit RGB or RGBA, no Pillow needed)."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class Run:
    code: int
    out: str
    log: str

    @property
    def console(self) -> list[str]:
        """Lines the page wrote to the console (errors, CSP violations, anything at all)."""
        return [line for line in self.log.splitlines() if ":CONSOLE" in line]

    @property
    def csp_violations(self) -> list[str]:
        return [line for line in self.log.splitlines() if "Content Security Policy" in line]


def chromium(page: Path, *args: str, profile: Path, width: int = 1000, height: int = 2000,
             timeout: float = 120) -> Run:
    """Load `page` in headless Chromium with every host unresolvable and logging to stderr."""
    binary = find_chromium()
    assert binary, "chromium is not installed"
    command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
               "--disable-extensions", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}", "--enable-logging=stderr",
               "--v=0", "--host-resolver-rules=MAP * ~NOTFOUND", f"--window-size={width},{height}", *args,
               page.resolve().as_uri()]
    env = {**os.environ, "LANG": "C.UTF-8"}
    proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def dump_dom(page: Path, profile: Path) -> Run:
    return chromium(page, "--dump-dom", profile=profile)


def screenshot(page: Path, target: Path, profile: Path, width: int = 1000, height: int = 2000) -> Run:
    return chromium(page, f"--screenshot={target}", profile=profile, width=width, height=height)


def read_png(path: Path) -> np.ndarray:
    """Pixels of an 8-bit, non-interlaced RGB or RGBA PNG as an (h, w, channels) uint8 array."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    channels = 3 if colour == 2 else 4
    raw = np.frombuffer(zlib.decompress(b"".join(chunks)), dtype=np.uint8)
    stride = width * channels
    rows = raw.reshape(height, stride + 1)
    out = np.zeros((height, stride), dtype=np.uint8)
    prev = bytearray(stride)
    for y in range(height):
        kind, line = int(rows[y, 0]), rows[y, 1:]
        if kind == 0:
            row = line.copy()
        elif kind == 1:  # Sub: a running sum per channel
            row = (np.cumsum(line.reshape(width, channels).astype(np.int64), axis=0) & 255).astype(np.uint8).ravel()
        elif kind == 2:  # Up
            row = ((line.astype(np.int32) + np.frombuffer(bytes(prev), dtype=np.uint8)) & 255).astype(np.uint8)
        else:  # Average and Paeth depend on the reconstructed left neighbour: byte by byte
            row = np.frombuffer(bytes(_unfilter(kind, line.tobytes(), prev, channels)), dtype=np.uint8)
        out[y] = row
        prev = bytearray(row.tobytes())
    return out.reshape(height, width, channels).astype(np.uint8)


def _unfilter(kind: int, line: bytes, prev: bytearray, bpp: int) -> bytearray:
    row = bytearray(len(line))
    for x, value in enumerate(line):
        left = row[x - bpp] if x >= bpp else 0
        up = prev[x]
        if kind == 3:
            row[x] = (value + ((left + up) >> 1)) & 255
        elif kind == 4:
            up_left = prev[x - bpp] if x >= bpp else 0
            p = left + up - up_left
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
            row[x] = (value + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 255
        else:
            raise ValueError(f"bad PNG filter {kind}")
    return row


def colour_share(pixels: np.ndarray, colour: str, tolerance: int = 24) -> float:
    """The share of pixels within `tolerance` of `colour` (#rrggbb) on every channel."""
    target = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    close = np.all(np.abs(pixels[..., :3].astype(int) - target) <= tolerance, axis=-1)
    return float(close.mean())
