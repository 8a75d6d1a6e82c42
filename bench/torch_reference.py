"""PyTorch reference for Kenning's benchmark: the same network, loss, optimiser, batch, data
and thread count as the Kenning row it stands beside.

--task free-fall (default):
Run by dev.kenning.bench.Bench as a subprocess (Debian's python3-torch); it reads the batch
frames Kenning generated from a raw float32 file, times training steps after a warm-up,
one repeat each time it reads "run" on standard input. The network mirrors learner/SequenceRegressor (3x3 conv, 2x2
max-pool, ReLU blocks, dense via matmul + add, one linear output) and the loss mirrors the terms
built by physics-constraints (projection residual with L1, spread hinge, range hinge) or the
supervised MSE.

--task addition: MNIST addition, the accuracy reference for Kenning's task of that name
(bench/run --addition): the conv trunk and class head of learner/images/ImageNetwork (He-normal
weights, the head's scaled by 0.1, zero biases), trained by Adam on -log P(sum | digits), the exact
probability that the two numbers read digit by digit add up to the label, computed by convolving
the numbers' distributions (Kenning gets the same number from a compiled circuit). Reads the images
and the examples in Kenning's order from --dir; prints "sum_acc digit_acc steps_per_second".

--task few-shot: the encoder of learner/images/ImageNetwork (the same conv, max-pool, ReLU blocks
over grey images, flattened) trained as a prototypical network like learner/images/FewShot: each
episode is ways x (shots + queries) images; prototypes are the mean support embeddings and the
loss is the cross-entropy of the queries under softmax(-squared distance).
"""
import argparse
import resource
import sys
import time

import numpy as np
import torch


def residual_matrix(frames, dt, degree):
    """M = I - A (A^T A)^-1 A^T for the polynomial basis 1, t, ..., t^degree at t_i = i*dt."""
    t = np.arange(frames, dtype=np.float64) * dt
    a = np.stack([t ** k for k in range(degree + 1)], axis=1)
    return np.eye(frames) - a @ np.linalg.inv(a.T @ a) @ a.T


class Regressor(torch.nn.Module):
    def __init__(self, channels, size, conv, dense, output_init):
        super().__init__()
        self.convs = torch.nn.ModuleList()
        c = channels
        for out in conv:
            self.convs.append(torch.nn.Conv2d(c, out, 3, stride=1, padding=1))
            c = out
            size //= 2
        flat = c * size * size
        self.w1 = torch.nn.Parameter(torch.randn(flat, dense) * (2.0 / flat) ** 0.5)
        self.b1 = torch.nn.Parameter(torch.zeros(1, dense))
        self.w2 = torch.nn.Parameter(torch.randn(dense, 1) * 0.1 * (2.0 / dense) ** 0.5)
        self.b2 = torch.nn.Parameter(torch.full((1, 1), float(output_init)))

    def forward(self, x):
        for conv in self.convs:
            # pool, then ReLU, as Kenning does (the same function and gradients as ReLU, then pool)
            x = torch.relu(torch.nn.functional.max_pool2d(conv(x), 2, 2))
        x = x.reshape(x.shape[0], -1)
        x = torch.relu(x.matmul(self.w1) + self.b1)
        return x.matmul(self.w2) + self.b2


class Encoder(torch.nn.Module):
    def __init__(self, conv):
        super().__init__()
        self.convs = torch.nn.ModuleList()
        c = 1
        for out in conv:
            self.convs.append(torch.nn.Conv2d(c, out, 3, stride=1, padding=1))
            c = out

    def forward(self, x):
        for conv in self.convs:
            x = torch.relu(torch.nn.functional.max_pool2d(conv(x), 2, 2))
        return x.reshape(x.shape[0], -1)


def prototypical_loss(embedding, ways, shots, queries, labels):
    """Support images come class by class, then the queries class by class (EpisodeSampler's order)."""
    prototypes = embedding[:ways * shots].reshape(ways, shots, -1).mean(dim=1)
    q = embedding[ways * shots:]
    distance = (q * q).sum(1, keepdim=True) - 2 * q.matmul(prototypes.t()) + (prototypes * prototypes).sum(1)
    return torch.nn.functional.cross_entropy(-distance, labels)


def constraint_loss(h, args, m, mk):
    """Weighted sum of the free-fall projection residual (L1), spread hinge and range hinge."""
    total = args.w_law * (h.matmul(m) - mk).abs().mean()
    centred = h - h.mean(dim=1, keepdim=True)
    std = torch.sqrt((centred * centred).mean(dim=1) + 1e-8)
    total = total + args.w_spread * torch.relu(args.min_std - std).mean()
    total = total + args.w_range * (torch.relu(h - args.range_max) + torch.relu(args.range_min - h)).mean()
    return total


def peak_rss_mb():
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--task", choices=["free-fall", "few-shot", "addition"], default="free-fall")
    p.add_argument("--dir", help="addition: the folder AdditionParity wrote")
    p.add_argument("--digits", type=int, default=1, help="addition: digits per number")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data", help="raw float32 frames, [videos, frames, 3, size, size]")
    p.add_argument("--truth", help="raw float32 truth, [videos, frames]")
    p.add_argument("--videos", type=int)
    p.add_argument("--frames", type=int)
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--batch", type=int, help="sequences per step")
    p.add_argument("--images", help="few-shot: raw float32 images, [count, size, size]")
    p.add_argument("--labels", help="few-shot: raw int32 labels, [count]")
    p.add_argument("--count", type=int)
    p.add_argument("--ways", type=int)
    p.add_argument("--shots", type=int)
    p.add_argument("--queries", type=int)
    p.add_argument("--conv", default="16,32,32")
    p.add_argument("--dense", type=int, default=64)
    p.add_argument("--output-init", type=float, default=1.5)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--loss", choices=["constraints", "supervised"], default="constraints")
    p.add_argument("--g", type=float, default=9.81)
    p.add_argument("--dt", type=float, default=1 / 15)
    p.add_argument("--w-law", type=float, default=1.0)
    p.add_argument("--w-spread", type=float, default=0.1)
    p.add_argument("--min-std", type=float, default=0.05)
    p.add_argument("--w-range", type=float, default=0.1)
    p.add_argument("--range-min", type=float, default=0.0)
    p.add_argument("--range-max", type=float, default=3.0)
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--steps", type=int, default=20, help="steps per timed repeat")
    p.add_argument("--profile", action="store_true",
                   help="time --steps steps, then profile as many: print 'step ms T' and 'op NAME MS' (self CPU per step)")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if args.task == "addition":
        return addition(args)
    step = few_shot_step(args) if args.task == "few-shot" else free_fall_step(args)
    for _ in range(args.warmup):
        step()
    if args.profile:
        return profile(step, args.steps)
    # The same line protocol as Kenning's worker, so the bench can alternate the two engines'
    # repeats and background load falls on both alike: "run" -> "time <s> 0", "quit" -> "done <MB>".
    print("ready", flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "run":
            t0 = time.perf_counter()
            for _ in range(args.steps):
                step()
            print("time %.6f 0" % (time.perf_counter() - t0), flush=True)
        elif command == "quit":
            break
    print("done %.1f torch %s" % (peak_rss_mb(), torch.__version__), flush=True)


def profile(step, steps):
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    print("step ms %.4f" % ((time.perf_counter() - t0) * 1000 / steps), flush=True)
    with torch.autograd.profiler.profile() as prof:
        for _ in range(steps):
            step()
    for e in prof.key_averages():
        print("op %s %.4f" % (e.key.replace(" ", "_"), e.self_cpu_time_total / 1000 / steps), flush=True)
    return 0


class DigitNet(torch.nn.Module):
    """ImageNetwork with a class head only: conv 3x3 / max-pool / ReLU blocks, flattened, a linear 10-way head."""

    def __init__(self, conv, size):
        super().__init__()
        self.convs = torch.nn.ModuleList()
        c = 1
        for out in conv:
            layer = torch.nn.Conv2d(c, out, 3, stride=1, padding=1)
            torch.nn.init.normal_(layer.weight, 0.0, (2.0 / (9 * c)) ** 0.5)
            torch.nn.init.zeros_(layer.bias)
            self.convs.append(layer)
            c = out
            size //= 2
        flat = c * size * size
        self.w = torch.nn.Parameter(torch.randn(flat, 10) * 0.1 * (2.0 / flat) ** 0.5)
        self.b = torch.nn.Parameter(torch.zeros(1, 10))

    def forward(self, x):
        for conv in self.convs:
            x = torch.relu(torch.nn.functional.max_pool2d(conv(x), 2, 2))
        return x.reshape(x.shape[0], -1).matmul(self.w) + self.b


def number_log_probs(lp):
    """lp [B, N, 10], most significant digit first -> log P(number = a), [B, 10^N]."""
    out = lp[:, 0, :]
    for k in range(1, lp.shape[1]):
        out = (out[:, :, None] + lp[:, k, None, :]).reshape(lp.shape[0], -1)
    return out


def sum_log_prob(logp, digits, sums):
    """log P(A + B = sums) from the 2N digits' log-probabilities [B, 2N, 10]: a log-sum-exp over a of P(A=a) P(B=s-a)."""
    la = number_log_probs(logp[:, :digits])
    lb = number_log_probs(logp[:, digits:])
    m = la.shape[1]
    b = sums[:, None] - torch.arange(m)[None, :]
    valid = (b >= 0) & (b < m)
    terms = (la + lb.gather(1, b.clamp(0, m - 1))).masked_fill(~valid, -1e30)
    return torch.logsumexp(terms, dim=1)


def numbers(digit_values, digits):
    """[E, 2N] digit values -> the two numbers' sum per example."""
    a = torch.zeros(digit_values.shape[0], dtype=torch.long)
    b = torch.zeros_like(a)
    for k in range(digits):
        a = a * 10 + digit_values[:, k]
        b = b * 10 + digit_values[:, digits + k]
    return a + b


def addition(args):
    d, n = args.dir, args.digits
    per = 2 * n
    train = torch.from_numpy(np.fromfile(d + "/train_images.f32", dtype=np.float32).reshape(-1, 1, 28, 28))
    train_labels = torch.from_numpy(np.fromfile(d + "/train_labels.i32", dtype=np.int32).astype(np.int64))
    test = torch.from_numpy(np.fromfile(d + "/test_images.f32", dtype=np.float32).reshape(-1, 1, 28, 28))
    test_labels = torch.from_numpy(np.fromfile(d + "/test_labels.i32", dtype=np.int32).astype(np.int64))
    order = torch.from_numpy(np.fromfile(d + "/train_order.i32", dtype=np.int32).astype(np.int64)).reshape(args.steps, -1)
    test_order = torch.from_numpy(np.fromfile(d + "/test_order.i32", dtype=np.int32).astype(np.int64)).reshape(-1, per)
    model = DigitNet([int(c) for c in args.conv.split(",")], 28)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    t0 = time.perf_counter()
    for step in range(args.steps):
        index = order[step]
        sums = numbers(train_labels[index].reshape(-1, per), n)
        logp = torch.log_softmax(model(train[index]), dim=1).reshape(-1, per, 10)
        loss = -sum_log_prob(logp, n, sums).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    seconds = time.perf_counter() - t0
    with torch.no_grad():
        predicted = torch.cat([model(test[i:i + 500]).argmax(1) for i in range(0, test.shape[0], 500)])
    digit_acc = (predicted == test_labels).double().mean().item()
    sum_acc = (numbers(predicted[test_order], n) == numbers(test_labels[test_order], n)).double().mean().item()
    print("%.6f %.6f %.3f" % (sum_acc, digit_acc, args.steps / seconds), flush=True)
    return 0


def few_shot_step(args):
    """One training step on a fresh episode, drawn like dev.kenning.datasets.EpisodeSampler."""
    size, ways, shots, queries = args.size, args.ways, args.shots, args.queries
    images = torch.from_numpy(np.fromfile(args.images, dtype=np.float32).reshape(args.count, 1, size, size))
    labels = np.fromfile(args.labels, dtype=np.int32)
    by_class = [np.flatnonzero(labels == c) for c in np.unique(labels)]
    model = Encoder([int(c) for c in args.conv.split(",")])
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    query_labels = torch.arange(ways).repeat_interleave(queries)
    gen = np.random.default_rng(0)

    def step():
        chosen = gen.choice(len(by_class), ways, replace=False)
        picks = [gen.choice(by_class[c], shots + queries, replace=False) for c in chosen]
        index = np.concatenate([p[:shots] for p in picks] + [p[shots:] for p in picks])
        loss = prototypical_loss(model(images[torch.from_numpy(index)]), ways, shots, queries, query_labels)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    return step


def free_fall_step(args):
    """One training step on the next batch of whole sequences, reshuffled at each pass."""
    frames, size = args.frames, args.size
    data = torch.from_numpy(np.fromfile(args.data, dtype=np.float32).reshape(args.videos, frames, 3, size, size))
    truth = torch.from_numpy(np.fromfile(args.truth, dtype=np.float32).reshape(args.videos, frames))
    model = Regressor(3, size, [int(c) for c in args.conv.split(",")], args.dense, args.output_init)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    m64 = residual_matrix(frames, args.dt, 1)
    t = np.arange(frames) * args.dt
    m = torch.tensor(m64, dtype=torch.float32)
    mk = torch.tensor(m64 @ (-0.5 * args.g * t * t), dtype=torch.float32).reshape(1, frames)

    gen = np.random.default_rng(0)
    order = gen.permutation(args.videos)
    cursor = [0]

    def next_batch():
        nonlocal order
        if cursor[0] + args.batch > args.videos:
            order = gen.permutation(args.videos)
            cursor[0] = 0
        idx = torch.from_numpy(order[cursor[0]:cursor[0] + args.batch])
        cursor[0] += args.batch
        return data[idx].reshape(-1, 3, size, size), truth[idx]

    def step():
        x, y = next_batch()
        h = model(x).reshape(-1, frames)
        loss = constraint_loss(h, args, m, mk) if args.loss == "constraints" else ((h - y) ** 2).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    return step


if __name__ == "__main__":
    sys.exit(main())
