"""PyTorch accuracy reference for Kenning's label-free tracking (bench/run --tracking).

Written from Stewart & Ermon (AAAI 2017) and the options Kenning's spec exposes, not from Kenning's
code: a CNN reads one number per frame; on each training window of W frames the predictions are
projected onto the law's family (constant velocity: span{1, t}; free fall: span{1, t} after
removing -g t^2 / 2; harmonic: span{1, cos wt, sin wt}) and the L1 norm of the residual is the law's
loss. Against the trivial solutions: a spread term (hinge: mean over windows of
max(0, min_std - std(window)); pooled: -std of every prediction in the batch) and a range term
(mean or max over the batch of the distance outside [min, max]). Training windows may be changed as
Kenning's training.augment changes them: one draw per window for all its frames (a horizontal shift
with the edge columns repeated, a left-right mirror, brightness and contrast about the window's mean).

Reads the frames Kenning wrote (Workbench.writeSequenceData: train/, test/, held_out/ with
frames.f32, truth.f32, lengths.txt, shape.txt and steps.txt, each window's or test sequence's frame
step, which a law's dt follows; held_out/ holds the windows early stopping measures,
held-out training windows or, with early_stopping.windows: test, the test frames' windows, whose
labels it never reads), trains, and prints one JSON line with the test
window |r| and per-sequence r (TrackingScores' definitions), the early-stopping step and curve.

With --start (Kenning's start/, TrackingStart) the first training starts from Kenning's weights
and takes Kenning's batches, each window changed as Kenning changed it: the two engines then
differ only by their arithmetic. --predictions writes the test frames' predictions (float64).
"""
import argparse
import copy
import json
import math
import os
import sys

import numpy as np
import torch


def load(folder):
    c, h, w = [int(x) for x in open(folder + "/shape.txt").read().split()]
    lengths = [int(x) for x in open(folder + "/lengths.txt").read().split()]
    frames = np.fromfile(folder + "/frames.f32", dtype=np.float32).reshape(-1, c, h, w)
    truth = np.fromfile(folder + "/truth.f32", dtype=np.float32).astype(np.float64)
    return frames, truth, lengths


def residual(basis):
    """M = I - A (A^T A)^-1 A^T."""
    return np.eye(basis.shape[0]) - basis @ np.linalg.inv(basis.T @ basis) @ basis.T


def law_terms(args, frames, step):
    """M and M k for windows whose frames are step frames of the footage apart (dt = step * --dt)."""
    t = np.arange(frames) * (args.dt * step)
    if args.law == "constant-velocity":
        basis, known = np.stack([np.ones_like(t), t], 1), np.zeros_like(t)
    elif args.law == "free-fall":
        basis, known = np.stack([np.ones_like(t), t], 1), -0.5 * args.g * t * t
    elif args.law == "harmonic":
        # the equilibrium too: a label-free model cannot know where its zero is
        basis = np.stack([np.ones_like(t), np.cos(args.omega * t), np.sin(args.omega * t)], 1)
        known = np.zeros_like(t)
    else:
        raise SystemExit("unknown law " + args.law)
    m = residual(basis)
    return (torch.tensor(m, dtype=torch.float32),
            torch.tensor(m @ known, dtype=torch.float32).reshape(1, frames))


def laws(args, frames, steps):
    """For windows taking their frames at steps[i]: a function from window indices to their (M, M k).

    One step: the same (M, M k) for every window. Several: one of each per window, [n, F, F] and [n, F].
    """
    distinct = sorted(set(steps))
    terms = [law_terms(args, frames, s) for s in distinct]
    if len(distinct) == 1:
        return lambda idx: terms[0]
    ms = torch.stack([m for m, _ in terms])
    mks = torch.cat([mk for _, mk in terms])
    which = torch.tensor([distinct.index(s) for s in steps])
    return lambda idx: (ms[which[idx]], mks[which[idx]])


def read_steps(folder, count, default):
    """Each window's (or sequence's) frame step from folder/steps.txt, else default for all."""
    f = folder + "/steps.txt"
    steps = [int(x) for x in open(f).read().split()] if os.path.exists(f) else [default] * count
    if len(steps) != count:
        raise SystemExit("%s holds %d steps for %d windows" % (f, len(steps), count))
    return steps


class Regressor(torch.nn.Module):
    def __init__(self, args, channels, size):
        super().__init__()
        self.normalise = args.normalise
        conv = [int(c) for c in args.conv.split(",")]
        kernels = [int(k) for k in args.kernel.split(",")]
        if len(kernels) == 1:
            kernels = kernels * len(conv)
        self.convs = torch.nn.ModuleList()
        c = channels
        for out, k in zip(conv, kernels):
            self.convs.append(torch.nn.Conv2d(c, out, k, padding=k // 2))
            c = out
            size //= 2
        self.head = args.head
        if self.head == "spatial_softmax":
            # each pixel's x and y, -1 ... 1 across the map's pixel centres, as Kenning's model.head: spatial_softmax
            axis = torch.linspace(-1, 1, size) if size > 1 else torch.zeros(1)
            ys, xs = torch.meshgrid(axis, axis, indexing="ij")
            self.register_buffer("coords", torch.stack([xs.reshape(-1), ys.reshape(-1)], dim=1))
            self.fc = torch.nn.Linear(2 * c, args.dense)
        else:
            self.fc = torch.nn.Linear(c * size * size, args.dense)
        self.out = torch.nn.Linear(args.dense, 1)
        with torch.no_grad():
            for layer in list(self.convs) + [self.fc]:
                if args.init == "truncated_normal":
                    torch.nn.init.trunc_normal_(layer.weight, std=args.init_std, a=-2 * args.init_std, b=2 * args.init_std)
                else:
                    torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
                layer.bias.zero_()
            if args.init == "truncated_normal":
                torch.nn.init.uniform_(self.out.weight, -0.1, 0.1)
            else:
                torch.nn.init.kaiming_normal_(self.out.weight, nonlinearity="relu")
                self.out.weight.mul_(0.1)
            self.out.bias.fill_(args.output_init)

    def forward(self, x):
        if self.normalise == "frame":
            # each frame to mean 0.5 and standard deviation 0.25, as Kenning's model.normalise: frame
            centred = x - x.mean(dim=(1, 2, 3), keepdim=True)
            x = centred / torch.sqrt((centred * centred).mean(dim=(1, 2, 3), keepdim=True) + 1e-6) * 0.25 + 0.5
        for conv in self.convs:
            x = torch.relu(torch.nn.functional.max_pool2d(conv(x), 2, 2))
        if self.head == "spatial_softmax":
            # a softmax over each channel's map weighs its pixels; the weighted mean place is the channel's place
            n, c = x.shape[0], x.shape[1]
            x = (torch.softmax(x.reshape(n * c, -1), dim=1) @ self.coords).reshape(n, 2 * c)
        x = torch.relu(self.fc(x.reshape(x.shape[0], -1)))
        return self.out(x)


def load_start(model, folder):
    """Kenning's weights before its first step (TrackingStart): convolutions [kh, kw, in, out], dense [in, out]."""
    params = {}
    for line in open(folder + "/weights.txt"):
        name, *shape = line.split()
        values = np.fromfile(folder + "/" + name.replace("/", "_") + ".f32", dtype="<f4").reshape([int(d) for d in shape])
        params[name] = torch.from_numpy(values.copy())
    with torch.no_grad():
        for name, value in params.items():
            layer, kind = name.split("/")
            if layer.startswith("conv"):
                target = model.convs[int(layer[4:])]
                value = value.permute(3, 2, 0, 1) if kind == "W" else value
            elif layer in ("dense", "out"):
                target = model.fc if layer == "dense" else model.out
                value = value.t() if kind == "W" else value.reshape(-1)
            else:
                raise SystemExit("no weight of the PyTorch model takes Kenning's '%s'" % name)
            param = target.weight if kind == "W" else target.bias
            if tuple(param.shape) != tuple(value.shape):
                raise SystemExit("Kenning's %s is %s, the PyTorch model's %s" % (name, tuple(value.shape), tuple(param.shape)))
            param.copy_(value)


def read_plan(folder):
    """Each step's windows and, with augmentation, each window's change (dx, mirror, add, scale), as Kenning drew them."""
    plan = []
    for line in open(folder + "/plan.txt"):
        step = []
        for cell in line.split():
            parts = cell.split(":")
            change = None if len(parts) == 1 else (int(parts[1]), parts[2] == "1", float(parts[3]), float(parts[4]))
            step.append((int(parts[0]), change))
        plan.append(step)
    return plan


def loss_fn(h, args, law):
    m, mk = law
    fitted = h.matmul(m) if m.dim() == 2 else torch.bmm(h.unsqueeze(1), m).squeeze(1)
    total = args.w_law * (fitted - mk).abs().mean()
    if args.spread == "hinge":
        centred = h - h.mean(dim=1, keepdim=True)
        std = torch.sqrt((centred * centred).mean(dim=1) + 1e-8)
        total = total + args.w_spread * torch.relu(args.min_std - std).mean()
    elif args.spread == "pooled":
        flat = h.reshape(-1)
        centred = flat - flat.mean()
        total = total - args.w_spread * torch.sqrt((centred * centred).mean() + 1e-8)
    if args.range != "none":
        outside = torch.relu(h - args.range_max) + torch.relu(args.range_min - h)
        total = total + args.w_range * (outside.max() if args.range == "max" else outside.mean())
    return total


def pearson(p, t):
    p = p - p.mean()
    t = t - t.mean()
    d = math.sqrt((p * p).sum() * (t * t).sum())
    return float("nan") if d == 0 else float((p * t).sum() / d)


def scores(pred, truth, lengths, window, steps, sign_fixed):
    """Mean per-sequence r (|r| unless the law fixes the sign) and mean |r| over windows of W frames
    taken every step-th frame (each sequence its own step), one after another."""
    per_seq, per_window = [], []
    start = 0
    for n, step in zip(lengths, steps):
        span = (window - 1) * step + 1
        p, t = pred[start:start + n], truth[start:start + n]
        start += n
        keep = ~np.isnan(t)
        if keep.sum() >= 3:
            r = pearson(p[keep], t[keep])
            if not math.isnan(r):
                per_seq.append(r if sign_fixed else abs(r))
        for w in range(0, n - span + 1, span):
            pw, tw = p[w:w + span:step], t[w:w + span:step]
            k = ~np.isnan(tw)
            if k.sum() >= 3:
                r = pearson(pw[k], tw[k])
                if not math.isnan(r):
                    per_window.append(abs(r))
    mean = lambda xs: float(np.mean(xs)) if xs else float("nan")
    return mean(per_window), mean(per_seq)


def combine(tracks, lengths, sign_fixed):
    """Several models' tracks averaged per sequence: each standardised over the sequence, weighted by its
    loading on the models' first principal component there (model 0's turned positive; with the sign
    fixed by the law, the loadings' sum turned positive and negative loadings dropped), and put back in
    the models' mean offset and spread."""
    out, start = [], 0
    for n in lengths:
        x = np.stack([t[start:start + n] for t in tracks])
        start += n
        mean, sd = x.mean(axis=1), x.std(axis=1)
        z = np.where(sd[:, None] > 0, (x - mean[:, None]) / np.where(sd > 0, sd, 1)[:, None], 0.0)
        lead = np.linalg.eigh(z @ z.T)[1][:, -1]
        lead = lead * (1 if (lead.sum() if sign_fixed else lead[0]) >= 0 else -1)
        w = np.maximum(lead, 0) if sign_fixed else lead
        if not np.any(w):
            w = np.ones(len(tracks))
        out.append(mean.mean() + sd.mean() * (w[:, None] * z).sum(axis=0) / np.abs(w).sum())
    return np.concatenate(out)


def predict(model, frames):
    with torch.no_grad():
        return np.concatenate([model(torch.from_numpy(frames[i:i + 512])).reshape(-1).numpy().astype(np.float64)
                               for i in range(0, len(frames), 512)])


def chunked_loss(model, windows, batch, args, law_of):
    """The mean loss over chunks of the training batch's size, as Kenning measures held-out windows."""
    frames = windows.shape[1]
    with torch.no_grad():
        losses = [loss_fn(model(windows[i:i + batch].reshape(-1, *windows.shape[2:])).reshape(-1, frames), args,
                          law_of(torch.arange(i, min(i + batch, len(windows))))).item()
                  for i in range(0, len(windows), batch)]
    return float(np.mean(losses))


def law_per_spread(model, windows, batch, args, law_of):
    """The law's weighted loss over chunks per unit of the predictions' mean spread per window, as
    Kenning's early_stopping.criterion: law_per_spread measures held-out windows."""
    frames = windows.shape[1]
    laws, spreads = [], []
    with torch.no_grad():
        for i in range(0, len(windows), batch):
            h = model(windows[i:i + batch].reshape(-1, *windows.shape[2:])).reshape(-1, frames)
            m, mk = law_of(torch.arange(i, min(i + batch, len(windows))))
            fitted = h.matmul(m) if m.dim() == 2 else torch.bmm(h.unsqueeze(1), m).squeeze(1)
            laws.append(args.w_law * (fitted - mk).abs().mean().item())
            spreads.extend(h.std(dim=1, unbiased=False).tolist())
    spread = float(np.mean(spreads))
    return float(np.mean(laws)) / spread if spread > 0 else float("inf")


def draw(args, gen, w):
    """One window's change: shift dx, mirror, brightness offset, contrast factor."""
    dx = int(round((gen.random() * 2 - 1) * args.shift * w))
    mirror = bool(gen.random() < 0.5) and args.flip
    add = (gen.random() * 2 - 1) * args.brightness
    scale = 1 + (gen.random() * 2 - 1) * args.contrast
    return dx, mirror, add, scale


def augment(x, args, gen, changes=None):
    """Each window of x [windows, frames, c, h, w] changed by its own draw (training.augment), or as changes says."""
    if changes is None and not (args.shift or args.flip or args.brightness or args.contrast):
        return x
    if changes is not None and all(c is None for c in changes):
        return x
    x = x.clone()
    w = x.shape[-1]
    cols = torch.arange(w)
    for i in range(len(x)):
        dx, mirror, add, scale = draw(args, gen, w) if changes is None else changes[i]
        src = (cols - dx).clamp(0, w - 1)
        x[i] = x[i][..., src.flip(0) if mirror else src]
        if add != 0 or scale != 1:
            mean = x[i].mean()
            x[i] = ((x[i] - mean) * scale + mean + add).clamp(0, 1)
    return x


def test_views(args, width):
    """The views of the test frames every model sees, as Kenning takes them (training.augment.test_time): as they
    are; with --test-views also mirrored (--flip) and shifted either way by half the largest training shift, at
    least a pixel (--shift), the shifted ones mirrored too (--flip)."""
    views = [(0, False)]
    if not args.test_views:
        return views
    if args.flip:
        views.append((0, True))
    dx = 0 if args.shift == 0 else max(1, int(math.floor(args.shift / 2 * width + 0.5)))
    if dx > 0:
        for sign in (-1, 1):
            views.append((sign * dx, False))
            if args.flip:
                views.append((sign * dx, True))
    return views


def view(frames, dx, mirror):
    """frames [n, c, h, w] shifted right by dx pixels (the edge column repeated into the gap), then mirrored."""
    if dx == 0 and not mirror:
        return frames
    src = np.clip(np.arange(frames.shape[-1]) - dx, 0, frames.shape[-1] - 1)
    return np.ascontiguousarray(frames[..., src[::-1] if mirror else src])


class EpsilonHatAdam(torch.optim.Optimizer):
    """Adam as TensorFlow's AdamOptimizer (the paper's code) and ND4J apply it: the bias corrections go
    into the step size, lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps), so eps is added to the
    uncorrected sqrt(v). torch.optim.Adam adds it to the corrected one: the same update wherever the
    gradients are much larger than eps, not where they are small (early steps, quiet weights)."""

    def __init__(self, params, lr, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["t"], state["m"], state["v"] = 0, torch.zeros_like(p), torch.zeros_like(p)
                state["t"] += 1
                t, m, v = state["t"], state["m"], state["v"]
                m.mul_(b1).add_(p.grad, alpha=1 - b1)
                v.mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                size = group["lr"] * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
                p.addcdiv_(m, v.sqrt().add_(group["eps"]), value=-size)


def lr_factor(schedule, k, steps):
    """The share of the learning rate at update k of steps: linear or half a cosine down to 0."""
    done = min(1.0, max(0, k) / steps)
    return 1.0 - done if schedule == "linear" else 0.5 * (1.0 + math.cos(math.pi * done))


def train_once(args, seed, train, held, test, test_truth, test_lengths, train_law, held_law, batch, start=None):
    """One training from seed (or from Kenning's start: its weights and plan): the model (at its best held-out step
    with early stopping), that step, the curve, the training batch's loss after each logged update, and (with
    args.keep_states: restarts that stop together) the measured weights at every measurement, by step."""
    torch.manual_seed(seed)
    frames = train.shape[1]
    model = Regressor(args, train.shape[2], train.shape[3])
    plan = None
    if start is not None:
        load_start(model, start)
        plan = read_plan(start)
        if len(plan) < args.steps:
            raise SystemExit("%s/plan.txt plans %d steps, fewer than %d" % (start, len(plan), args.steps))
    opt = (EpsilonHatAdam if args.adam == "epsilon-hat" else torch.optim.Adam)(model.parameters(), lr=args.lr)
    # training.lr_schedule: the k-th update (from 0) at lr times factor(k), as Kenning's LearningRateSchedule
    sched = None if args.lr_schedule == "constant" else torch.optim.lr_scheduler.LambdaLR(
        opt, lambda k: lr_factor(args.lr_schedule, k, args.steps))
    gen = np.random.default_rng(seed)
    order, cursor = gen.permutation(len(train)), 0
    changes = np.random.default_rng([seed, 1])
    curve, best, best_step, best_state, history, states = [], float("inf"), -1, None, [], {}
    # training.ema_decay: an average of the weights, measured and kept instead of the last step's
    average = copy.deepcopy(model) if args.ema_decay > 0 else None
    for step in range(1, args.steps + 1):
        if plan is not None:
            idx = torch.tensor([w for w, _ in plan[step - 1]])
            x = augment(train[idx], args, changes, [c for _, c in plan[step - 1]])
        else:
            if cursor + batch > len(train):
                order, cursor = gen.permutation(len(train)), 0
            idx = torch.from_numpy(order[cursor:cursor + batch])
            cursor += batch
            x = augment(train[idx], args, changes)
        x = x.reshape(-1, *train.shape[2:])
        loss = loss_fn(model(x).reshape(-1, frames), args, train_law(idx))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if sched is not None:
            sched.step()
        if step % args.log_every == 0 or step == args.steps:
            # the batch's loss after the update, as Kenning's history.csv logs it
            with torch.no_grad():
                history.append([step, loss_fn(model(x).reshape(-1, frames), args, train_law(idx)).item()])
        if average is not None:
            d = min(args.ema_decay, (1.0 + step) / (10.0 + step))
            with torch.no_grad():
                for a, w in zip(average.parameters(), model.parameters()):
                    a.mul_(d).add_(w, alpha=1 - d)
        measured = model if average is None else average
        if held is not None and (step % args.every == 0 or step == args.steps):
            v = (law_per_spread if args.criterion == "law_per_spread" else chunked_loss)(measured, held, batch, args, held_law)
            r, _ = scores(predict(measured, test), test_truth, test_lengths, args.window, args.test_steps, args.sign_fixed)
            curve.append([step, v, r])
            if args.keep_states:
                states[step] = {k: x.clone() for k, x in measured.state_dict().items()}
            if v < best:
                best, best_step = v, step
                best_state = {k: x.clone() for k, x in measured.state_dict().items()}
            elif args.patience > 0 and step - best_step >= args.patience * args.every:
                break
    model = model if average is None else average
    if best_state is not None:
        model.load_state_dict(best_state)
    return model, best_step, curve, history, states


def stop_together(runs, test, test_truth, test_lengths, args):
    """Averaged restarts with early stopping stop together, as in Kenning: every restart goes back to its weights at
    the measured step (one all reached) where their mean held-out loss is lowest. The curve: that mean beside the
    test window |r| of their tracks combined at each step (the test frames as they are)."""
    steps = sorted(set.intersection(*(set(r["states"]) for r in runs)))
    curve = []
    for step in steps:
        loss = sum(next(c[1] for c in r["curve"] if c[0] == step) for r in runs) / len(runs)
        tracks = []
        for r in runs:
            r["model"].load_state_dict(r["states"][step])
            tracks.append(predict(r["model"], test))
        combined = combine(tracks, test_lengths, args.sign_fixed)
        curve.append([step, loss, scores(combined, test_truth, test_lengths, args.window, args.test_steps,
                                         args.sign_fixed)[0]])
    chosen = min(curve, key=lambda c: c[1])[0]
    for r in runs:
        r["model"].load_state_dict(r["states"][chosen])
        r["best_step"] = chosen
    return chosen, curve


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--law", required=True)
    p.add_argument("--dt", type=float, required=True, help="seconds between consecutive frames of the footage")
    p.add_argument("--g", type=float, default=9.81)
    p.add_argument("--omega", type=float, default=1.0)
    p.add_argument("--sign-fixed", action="store_true")
    p.add_argument("--w-law", type=float, default=1.0)
    p.add_argument("--spread", choices=["none", "hinge", "pooled"], default="hinge")
    p.add_argument("--w-spread", type=float, default=1.0)
    p.add_argument("--min-std", type=float, default=0.05)
    p.add_argument("--range", choices=["none", "mean", "max"], default="none")
    p.add_argument("--w-range", type=float, default=0.1)
    p.add_argument("--range-min", type=float, default=0.0)
    p.add_argument("--range-max", type=float, default=1.0)
    p.add_argument("--conv", default="16,32,32")
    p.add_argument("--kernel", default="3")
    p.add_argument("--dense", type=int, default=64)
    p.add_argument("--head", choices=["dense", "spatial_softmax"], default="dense",
                   help="what the dense layer reads: every feature, or each channel's place")
    p.add_argument("--init", choices=["he", "truncated_normal"], default="he")
    p.add_argument("--normalise", choices=["none", "frame"], default="none", help="each frame standardised first")
    p.add_argument("--init-std", type=float, default=0.03)
    p.add_argument("--output-init", type=float, default=0.0)
    p.add_argument("--steps", type=int, default=400)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--adam", choices=["epsilon-hat", "torch"], default="epsilon-hat",
                   help="Adam as TensorFlow (the paper's code) and Kenning apply it, or torch.optim.Adam")
    p.add_argument("--lr-schedule", choices=["constant", "linear", "cosine"], default="constant",
                   help="the rate held, or brought down to 0 at the last step")
    p.add_argument("--window", type=int, required=True, help="frames per test window of the paper's metric")
    p.add_argument("--frame-step", type=int, default=1,
                   help="the windows' frames are taken every N frames, where no steps.txt gives each its own")
    p.add_argument("--every", type=int, default=0, help="early stopping: measure the held-out loss every N steps (0: off)")
    p.add_argument("--patience", type=int, default=0)
    p.add_argument("--criterion", choices=["loss", "law_per_spread"], default="loss",
                   help="early stopping: the weighted held-out loss, or the law's loss per unit of the predictions' spread")
    p.add_argument("--shift", type=float, default=0.0, help="augment: horizontal shift up to this share of the width")
    p.add_argument("--flip", action="store_true", help="augment: mirror left-right with probability 1/2")
    p.add_argument("--brightness", type=float, default=0.0, help="augment: brightness offset up to +-this")
    p.add_argument("--contrast", type=float, default=0.0, help="augment: contrast factor within 1 +- this")
    p.add_argument("--ema-decay", type=float, default=0.0, help="average the weights with this decay (0: off)")
    p.add_argument("--restarts", type=int, default=1, help="trainings from different seeds; the lowest label-free loss is kept")
    p.add_argument("--combine", choices=["lowest_loss", "average"], default="lowest_loss",
                   help="keep the restart with the lowest label-free loss, or average every restart's tracks per sequence")
    p.add_argument("--test-views", action="store_true",
                   help="each kept model also predicts the test frames mirrored and shifted (from --flip and --shift), "
                        "every track combined per sequence as --combine average combines restarts")
    p.add_argument("--start", help="Kenning's start/ folder: the first training starts from its weights and takes its batches")
    p.add_argument("--log-every", type=int, default=25, help="log the training batch's loss every N steps")
    p.add_argument("--predictions", help="write the kept model's test predictions here (float64, frame after frame)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)

    train, _, train_lengths = load(args.data + "/train")
    frames = train_lengths[0]
    if any(n != frames for n in train_lengths):
        raise SystemExit("training windows must all have the same length")
    train = torch.from_numpy(train.reshape(len(train_lengths), frames, *train.shape[1:]))
    test, test_truth, test_lengths = load(args.data + "/test")
    # each test sequence's frame step as Kenning scored it (frame_step: auto may take one per sequence)
    args.test_steps = read_steps(args.data + "/test", len(test_lengths), args.frame_step)
    # each training window's frame step: a law's dt follows it (clips too short for the run's step take a smaller one)
    train_law = laws(args, frames, read_steps(args.data + "/train", len(train_lengths), args.frame_step))
    held, held_law = None, None
    if args.every > 0:
        h, _, hl = load(args.data + "/held_out")
        held = torch.from_numpy(h.reshape(len(hl), frames, *h.shape[1:]))
        held_law = laws(args, frames, read_steps(args.data + "/held_out", len(hl), args.frame_step))
    batch = min(args.batch, len(train))
    args.keep_states = args.combine == "average" and args.restarts > 1 and held is not None
    # restarts: the model trained from several seeds, the one with the lowest label-free loss on the
    # held-out windows (on the training windows without early stopping) kept; restart 0 is --seed
    runs = []
    for k in range(args.restarts):
        seed = args.seed if k == 0 else args.seed * 1000003 + k
        model, best_step, curve, history, states = train_once(args, seed, train, held, test, test_truth, test_lengths,
                                                              train_law, held_law, batch, args.start if k == 0 else None)
        runs.append(dict(seed=seed, best_step=best_step, curve=curve, history=history, model=model, states=states))
    together = None
    if args.keep_states:
        together = stop_together(runs, test, test_truth, test_lengths, args)
    for run in runs:
        model = run["model"]
        criterion = chunked_loss(model, held if held is not None else train, batch, args,
                                 held_law if held is not None else train_law)
        window_r, seq_r = scores(predict(model, test), test_truth, test_lengths, args.window, args.test_steps,
                                 args.sign_fixed)
        run.update(criterion=criterion, window_r=window_r, seq_r=seq_r)
    chosen = min(range(len(runs)), key=lambda i: runs[i]["criterion"])
    if args.combine == "average":
        chosen = 0  # restart 0's curve and history; the scores are the average's
    best_step, curve, window_r, seq_r, history = (runs[chosen][k] for k in ("best_step", "curve", "window_r", "seq_r",
                                                                            "history"))
    if together is not None:
        best_step, curve = together  # the restarts' mean loss beside their combined track's score
    predicted = predict(runs[chosen]["model"], test)
    models = [r["model"] for r in runs] if args.combine == "average" else [runs[chosen]["model"]]
    views = test_views(args, test.shape[-1])
    if len(models) * len(views) > 1:
        # every kept model sees every view; model 0's view as it is leads the combination's sign, as in Kenning
        predicted = combine([predict(m, view(test, dx, mirror)) for m in models for dx, mirror in views], test_lengths,
                            args.sign_fixed)
        window_r, seq_r = scores(predicted, test_truth, test_lengths, args.window, args.test_steps, args.sign_fixed)
    if args.predictions:
        predicted.astype("<f8").tofile(args.predictions)
    restarts = [[r["seed"], r["criterion"], r["window_r"]] for r in runs]
    finite = lambda x: None if isinstance(x, float) and math.isnan(x) else x  # strict JSON: null, not NaN
    print(json.dumps({"window_abs_r": finite(window_r), "test_corr": finite(seq_r), "best_step": best_step,
                      "curve": [[finite(x) for x in row] for row in curve], "chosen_restart": chosen,
                      "history": [[finite(x) for x in row] for row in history],
                      "restarts": [[finite(x) for x in row] for row in restarts], "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
