"""Cuts real footage of a fixed camera into label-free tracking sequences of one walker each.

bench/real-footage runs it on OpenCV's sample vtest.avi (a fixed camera over a campus path, 10 fps,
768x576; Debian's opencv-doc). Real footage shows several people at once; Kenning's footage specs
expect one moving object per sequence, as in Stewart & Ermon's walking video. So this script:

1. subtracts the median frame (the empty scene) and finds moving blobs (connected pixels that
   differ from it), at half resolution;
2. links blobs frame to frame into tracks while the link is unambiguous (the nearest blob close,
   of a similar size, no second one near), so a track ends where people meet;
3. for each track of at least --min-frames frames, takes the rectangle the walker's blob covers
   over the track, and keeps the longest run of frames in which no other blob enters it (the
   rectangle shrinks to that run and it is checked again); a walker must cross at least half of
   it;
4. writes each run as a sequence folder of crops at full resolution, and labels.csv with the
   walker's position: the blob's centre projected on its direction of travel, in pixels of the
   crop. The labels come from this tracker, not from a person: they serve only to score.

It prints each sequence (frames, crop rectangle in the video) and draws walkers.png, the first,
middle and last frame of each with its label, to check the cut by eye.

With --footage DIR --pieces N it instead cuts a footage folder it wrote into pieces of N frames
(each sequence into as many whole, non-overlapping pieces as it holds, the rest dropped; labels
carried), as issue 21 cut its footage into pieces of 20 frames.
"""
import argparse
import csv
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image, ImageDraw


def read_frames(args, workdir):
    if args.frames:
        files = sorted(glob.glob(os.path.join(args.frames, "*.png")) + glob.glob(os.path.join(args.frames, "*.jpg")))
    else:
        pattern = os.path.join(workdir, "f%05d.png")
        subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-i", args.video, pattern], check=True)
        files = sorted(glob.glob(os.path.join(workdir, "f*.png")))
    if len(files) < args.min_frames:
        sys.exit("error: %d frames found, fewer than --min-frames %d" % (len(files), args.min_frames))
    return files


def blobs(mask, min_pixels):
    """Connected (8-neighbour) regions of mask with at least min_pixels pixels."""
    h, w = mask.shape
    seen = np.zeros((h, w), bool)
    found = []
    for y0, x0 in zip(*np.nonzero(mask)):
        if seen[y0, x0]:
            continue
        seen[y0, x0] = True
        stack, ys, xs = [(y0, x0)], [], []
        while stack:
            y, x = stack.pop()
            ys.append(y)
            xs.append(x)
            for yy in (y - 1, y, y + 1):
                for xx in (x - 1, x, x + 1):
                    if 0 <= yy < h and 0 <= xx < w and mask[yy, xx] and not seen[yy, xx]:
                        seen[yy, xx] = True
                        stack.append((yy, xx))
        if len(ys) >= min_pixels:
            ys, xs = np.array(ys), np.array(xs)
            found.append(dict(n=len(ys), cy=ys.mean(), cx=xs.mean(), y0=ys.min(), y1=ys.max(), x0=xs.min(), x1=xs.max()))
    return found


def detect(files, scale, threshold, min_pixels):
    first = Image.open(files[0])
    size = (int(first.width * scale), int(first.height * scale))
    small = np.stack([np.asarray(Image.open(f).convert("RGB").resize(size, Image.BILINEAR), dtype=np.int16)
                      for f in files])
    background = np.median(small[::3], axis=0)
    detections = []
    for i, frame in enumerate(small):
        moving = np.abs(frame - background).sum(axis=2) > threshold
        # drop speckle: keep pixels with at least 4 moving neighbours
        neighbours = sum(np.roll(np.roll(moving, dy, 0), dx, 1) for dy in (-1, 0, 1) for dx in (-1, 0, 1))
        detections.append(blobs(moving & (neighbours >= 5), min_pixels))
        if i % 100 == 0:
            print("  found moving blobs in %d of %d frames" % (i, len(files)), file=sys.stderr)
    return detections, size


def link(detections, max_step):
    """Tracks {t0, blobs}: a blob joins a track only if it is the track's unambiguous next one."""
    ended, active = [], []
    for t, found in enumerate(detections):
        taken, going = set(), []
        for track in active:
            last = track["blobs"][-1]
            dist = [np.hypot(b["cx"] - last["cx"], b["cy"] - last["cy"]) for b in found]
            j = int(np.argmin(dist)) if dist else -1
            ok = j >= 0 and j not in taken and dist[j] < max_step and 1 / 1.8 < found[j]["n"] / last["n"] < 1.8
            ok = ok and all(d > 2 * dist[j] + 6 for k, d in enumerate(dist) if k != j)
            if ok:
                taken.add(j)
                track["blobs"].append(found[j])
                going.append(track)
            else:
                ended.append(track)
        going += [dict(t0=t, blobs=[b]) for j, b in enumerate(found) if j not in taken]
        active = going
    return ended + active


def rectangle(track, a, b, margin, size):
    bl = track["blobs"][a:b]
    return (max(0, min(x["x0"] for x in bl) - margin), max(0, min(x["y0"] for x in bl) - margin),
            min(size[0] - 1, max(x["x1"] for x in bl) + margin), min(size[1] - 1, max(x["y1"] for x in bl) + margin))


def alone(track, k, rect, detections):
    x0, y0, x1, y1 = rect
    mine = track["blobs"][k]
    return not any(b is not mine and b["x1"] >= x0 and b["x0"] <= x1 and b["y1"] >= y0 and b["y0"] <= y1
                   for b in detections[track["t0"] + k])


def clean_run(track, detections, min_frames, margin, size):
    """The longest run of frames in which the walker is alone in the rectangle it covers then."""
    a, b = 0, len(track["blobs"])
    for _ in range(5):
        rect = rectangle(track, a, b, margin, size)
        flags = [alone(track, k, rect, detections) for k in range(a, b)] + [False]
        best, start = (0, a, a), None
        for i, ok in enumerate(flags):
            if ok and start is None:
                start = i
            elif not ok and start is not None:
                if i - start > best[0]:
                    best = (i - start, a + start, a + i)
                start = None
        if best[0] < min_frames:
            return None
        if (best[1], best[2]) == (a, b):
            return a, b, rect
        a, b = best[1], best[2]
    return None


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--video", help="a video file ffmpeg reads")
    src.add_argument("--frames", help="a folder of the video's frames (PNG or JPEG, in file-name order)")
    src.add_argument("--footage", help="a footage folder this script wrote, to cut into --pieces")
    p.add_argument("--pieces", type=int, help="with --footage: the frames of each piece")
    p.add_argument("--out", required=True, help="the footage folder to write (one subfolder per walker + labels.csv)")
    p.add_argument("--min-frames", type=int, default=30, help="shortest sequence kept (default 30)")
    p.add_argument("--scale", type=float, default=0.5, help="detection resolution relative to the video's")
    p.add_argument("--threshold", type=int, default=60, help="summed RGB difference from the empty scene that counts as moving")
    p.add_argument("--min-pixels", type=int, default=40, help="smallest blob, in detection pixels")
    args = p.parse_args()
    if os.path.exists(os.path.join(args.out, "labels.csv")):
        sys.exit("error: %s already holds footage; remove it or choose another --out" % args.out)
    if (args.footage is None) != (args.pieces is None):
        sys.exit("error: --footage and --pieces go together")
    if args.footage is not None:
        cut_pieces(args.footage, args.pieces, args.out)
        return
    with tempfile.TemporaryDirectory() as work:
        files = read_frames(args, work)
        print("%d frames; finding moving blobs against the median frame" % len(files), file=sys.stderr)
        detections, size = detect(files, args.scale, args.threshold, args.min_pixels)
        tracks = [t for t in link(detections, 8) if len(t["blobs"]) >= args.min_frames]
        full = Image.open(files[0]).size
        up = full[0] / size[0]
        os.makedirs(args.out, exist_ok=True)
        rows, kept = [], []
        for i, track in enumerate(tracks):
            run = clean_run(track, detections, args.min_frames, 6, size)
            if run is None:
                continue
            a, b, (x0, y0, x1, y1) = run
            centres = np.array([[bl["cx"], bl["cy"]] for bl in track["blobs"][a:b]])
            travel = centres[-1] - centres[0]
            if np.hypot(*travel) < 0.5 * max(x1 - x0, y1 - y0):
                continue
            direction = travel / np.hypot(*travel)
            name = "walker-%03d-t%04d" % (len(kept), track["t0"] + a)
            os.makedirs(os.path.join(args.out, name))
            box = tuple(int(round(v * up)) for v in (x0, y0, x1, y1))
            for k in range(a, b):
                frame = "frame_%03d.png" % (k - a)
                Image.open(files[track["t0"] + k]).convert("RGB").crop(box).save(os.path.join(args.out, name, frame))
                c = centres[k - a]
                rows.append((name, frame, "%.3f" % (up * ((c[0] - x0) * direction[0] + (c[1] - y0) * direction[1]))))
            kept.append((name, b - a, box))
        with open(os.path.join(args.out, "labels.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["sequence", "frame", "value"])
            w.writerows(rows)
    for name, frames, box in kept:
        print("%s  %3d frames  crop x=%d y=%d %dx%d" % (name, frames, box[0], box[1], box[2] - box[0], box[3] - box[1]))
    print("%d sequences of one walker, %d frames, in %s" % (len(kept), len(rows), args.out))
    contact_sheet(args.out, rows, os.path.join(args.out, "walkers.png"))


def cut_pieces(footage, n, out):
    """Each sequence of a footage folder as whole pieces of n frames, labels carried."""
    if n < 2:
        sys.exit("error: --pieces must be at least 2 frames, got %d" % n)
    with open(os.path.join(footage, "labels.csv"), newline="") as f:
        labels = {(r["sequence"], r["frame"]): r["value"] for r in csv.DictReader(f)}
    os.makedirs(out, exist_ok=True)
    rows, pieces = [], 0
    for seq in sorted(d for d in os.listdir(footage) if os.path.isdir(os.path.join(footage, d))):
        frames = sorted(os.listdir(os.path.join(footage, seq)))
        for k in range(len(frames) // n):
            name = "%s-p%d" % (seq, k)
            os.makedirs(os.path.join(out, name))
            for frame in frames[k * n:(k + 1) * n]:
                with open(os.path.join(footage, seq, frame), "rb") as src, open(os.path.join(out, name, frame), "wb") as dst:
                    dst.write(src.read())
                if (seq, frame) in labels:
                    rows.append((name, frame, labels[(seq, frame)]))
            pieces += 1
    with open(os.path.join(out, "labels.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["sequence", "frame", "value"])
        w.writerows(rows)
    print("%d pieces of %d frames, %d labelled frames, in %s" % (pieces, n, len(rows), out))


def contact_sheet(folder, rows, path):
    by = {}
    for name, frame, value in rows:
        by.setdefault(name, []).append((frame, value))
    tiles = []
    for name, frames in by.items():
        for frame, value in (frames[0], frames[len(frames) // 2], frames[-1]):
            tile = Image.open(os.path.join(folder, name, frame)).convert("RGB").resize((160, 120))
            ImageDraw.Draw(tile).text((3, 3), "%s %s %s" % (name[7:10], frame[6:9], value), fill=(255, 0, 0))
            tiles.append(tile)
    if not tiles:
        return
    cols = 6
    sheet = Image.new("RGB", (160 * cols, 120 * ((len(tiles) + cols - 1) // cols)))
    for i, tile in enumerate(tiles):
        sheet.paste(tile, (160 * (i % cols), 120 * (i // cols)))
    sheet.save(path)


if __name__ == "__main__":
    main()
