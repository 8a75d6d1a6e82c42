"""Writes a many-class image dataset whose classes are combinations of visible attributes.

Each class is one shape (circle, square, triangle, diamond, cross, star), one colour (red, green,
blue, yellow, magenta, cyan, orange, white), one size (small, large) and one background (plain,
striped): 6 x 8 x 2 x 2 = 192 classes, 18 attributes, every one of them visible in the image.
It is a stand-in for the attribute datasets Kenning cannot fetch here (CUB-200-2011's 200 classes,
AwA2's 50, SUN's 717): with --classes N a run meets N classes whose attributes a network can
learn, so how the knowledge behaves as the number of classes grows can be measured
(docs/results.md, "Knowledge at many classes").

It writes, under --out:
  images/train/<class>/NNN.png, images/test/<class>/NNN.png  (torchvision's layout, 32x32 RGB)
  attributes.csv     the class x attribute table (1 shows, 0 lacks), as zero-shot datasets ship one
  held-out.txt       a quarter of the classes (at least 5), chosen so that every attribute is shown
                     by some remaining class and absent in another, one name per line
  fewshot.yaml, zeroshot.yaml   specs that run Kenning on them (relative paths; knowledge.weight 1)

Usage: /usr/bin/python3 bench/shape_attributes.py --out DIR [--classes 192] [--train 20] [--test 10]
       [--seed 0]   (needs Debian's python3-numpy and python3-pil)
"""
import argparse
import math
import os
import random

import numpy as np
from PIL import Image, ImageDraw

SHAPES = ["circle", "square", "triangle", "diamond", "cross", "star"]
COLOURS = {"red": (220, 40, 40), "green": (40, 200, 60), "blue": (50, 80, 230), "yellow": (230, 220, 40),
           "magenta": (220, 50, 220), "cyan": (40, 210, 220), "orange": (240, 140, 30), "white": (235, 235, 235)}
SIZES = ["small", "large"]
BACKGROUNDS = ["plain", "striped"]
SIZE = 32
SCALE = 4  # drawn at 4x and shrunk, so edges are antialiased


def all_classes():
    return [(s, c, z, b) for s in SHAPES for c in COLOURS for z in SIZES for b in BACKGROUNDS]


def name(cls):
    s, c, z, b = cls
    return f"{z}-{c}-{s}-{b}"


def attributes():
    return SHAPES + list(COLOURS) + SIZES + BACKGROUNDS


def polygon(kind, cx, cy, r, angle):
    if kind == "square":
        corners, phase, radii = 4, math.pi / 4, [r]
    elif kind == "triangle":
        corners, phase, radii = 3, -math.pi / 2, [r * 1.15]
    elif kind == "diamond":
        corners, phase, radii = 4, 0.0, [r * 1.25, r * 0.75]
    elif kind == "star":
        corners, phase, radii = 10, -math.pi / 2, [r * 1.2, r * 0.5]
    else:
        raise ValueError(kind)
    pts = []
    for i in range(corners):
        a = angle + phase + 2 * math.pi * i / corners
        rr = radii[i % len(radii)]
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return pts


def draw(cls, rng):
    shape, colour, size, background = cls
    big = SIZE * SCALE
    base = rng.uniform(20, 70)
    grey = np.array([base + rng.uniform(-8, 8) for _ in range(3)])
    canvas = np.broadcast_to(grey, (big, big, 3)).copy()
    if background == "striped":
        period = rng.uniform(5, 8) * SCALE
        angle = rng.uniform(0, math.pi)
        y, x = np.mgrid[0:big, 0:big]
        light = ((x * math.cos(angle) + y * math.sin(angle)) / period) % 1.0 < 0.5
        canvas[light] += 45
    img = Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    r = (rng.uniform(4.5, 6.0) if size == "small" else rng.uniform(9.5, 12.0)) * SCALE
    margin = r * 1.25
    cx, cy = rng.uniform(margin, big - margin), rng.uniform(margin, big - margin)
    fill = tuple(int(np.clip(v + rng.uniform(-25, 25), 0, 255)) for v in COLOURS[colour])
    angle = rng.uniform(0, 2 * math.pi)
    if shape == "circle":
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)
    elif shape == "cross":
        w = r * 0.38
        for a in (angle, angle + math.pi / 2):
            ca, sa = math.cos(a), math.sin(a)
            d.polygon([(cx + ca * r - sa * w, cy + sa * r + ca * w), (cx + ca * r + sa * w, cy + sa * r - ca * w),
                       (cx - ca * r + sa * w, cy - sa * r - ca * w), (cx - ca * r - sa * w, cy - sa * r + ca * w)], fill=fill)
    else:
        d.polygon(polygon(shape, cx, cy, r, angle), fill=fill)
    small = np.asarray(img.resize((SIZE, SIZE), Image.BOX), dtype=np.float64)
    small += rng_normal(rng, small.shape, 6.0)
    return Image.fromarray(np.clip(small, 0, 255).astype(np.uint8))


def rng_normal(rng, shape, sd):
    return np.random.default_rng(rng.getrandbits(32)).normal(0, sd, shape)


def held_out(classes, rng):
    """A quarter of the classes (at least 5) such that each attribute is shown and lacked among the rest."""
    count = max(5, len(classes) // 4)
    if len(classes) - count < 5:
        raise SystemExit(f"--classes {len(classes)} leaves fewer than 5 classes to train on beside {count} held out")
    for _ in range(10000):
        test = rng.sample(classes, count)
        rest = [c for c in classes if c not in test]
        values = [set(c[i] for c in rest) for i in range(4)]
        # every attribute a class here can show is shown by a training class and lacked by another
        wanted = [set(c[i] for c in classes) for i in range(4)]
        if all(values[i] == wanted[i] and len(values[i]) > 1 for i in range(4)):
            return test
    raise SystemExit(f"no split of {len(classes)} classes leaves every attribute shown and lacked by a training class;"
                     " take more classes")


SPEC = """name: {task}-shapes-{n}
seed: 0
task: {task}
knowledge:
  ontologies: [attributes.csv]
  rules:
    - {rules}/disjointness.drl
    - {rules}/attributes.drl
    - {rules}/labels.drl
  semantics: {semantics}
  weight: 1.0
data:
  dataset: folder
  path: images
  image_size: 32
  held_out: held-out.txt
model:
  conv_channels: [32, 64, 64]
training:
{training}
evaluation:
{evaluation}
"""


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True)
    p.add_argument("--classes", type=int, default=len(all_classes()))
    p.add_argument("--train", type=int, default=20, help="training images per class")
    p.add_argument("--test", type=int, default=20, help="test images per class (5-shot episodes with 15 queries take 20)")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    every = all_classes()
    if not 6 <= a.classes <= len(every):
        raise SystemExit(f"--classes must be 6 … {len(every)}, got {a.classes}")
    rng = random.Random(a.seed)
    classes = sorted(rng.sample(every, a.classes))
    # attributes no chosen class varies are left out of the table: every class would show or lack them alike
    attrs = [x for x in attributes() if 0 < sum(x in c for c in classes) < len(classes)]
    test = held_out(classes, rng)
    os.makedirs(a.out, exist_ok=True)
    for split, n in (("train", a.train), ("test", a.test)):
        for c in classes:
            folder = os.path.join(a.out, "images", split, name(c))
            os.makedirs(folder, exist_ok=True)
            for k in range(n):
                draw(c, rng).save(os.path.join(folder, f"{k:03d}.png"))
    with open(os.path.join(a.out, "attributes.csv"), "w") as f:
        f.write("class," + ",".join(attrs) + "\n")
        for c in classes:
            f.write(name(c) + "," + ",".join("1" if x in c else "0" for x in attrs) + "\n")
    with open(os.path.join(a.out, "held-out.txt"), "w") as f:
        f.write("".join(name(c) + "\n" for c in sorted(test)))
    rules = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rules", "packs"))
    with open(os.path.join(a.out, "fewshot.yaml"), "w") as f:
        f.write(SPEC.format(task="few-shot", n=a.classes, rules=rules, semantics="lukasiewicz",
                            training="  steps: 400\n  learning_rate: 0.001\n  log_every: 100\n  ways: auto    # every base class, at most 25\n  shots: auto\n  queries: auto",
                            evaluation="  episodes: 600\n  ways: 5\n  shots: [1, 5]\n  queries: 15\n  shuffled_control: true"))
    with open(os.path.join(a.out, "zeroshot.yaml"), "w") as f:
        f.write(SPEC.format(task="zero-shot", n=a.classes, rules=rules, semantics="product",
                            training="  steps: 400\n  batch: 64\n  log_every: 100", evaluation="  seeds: 1"))
    print(f"wrote {a.classes} classes ({len(test)} held out), {len(attrs)} attributes, "
          f"{a.classes * (a.train + a.test)} images to {a.out}")


if __name__ == "__main__":
    main()
