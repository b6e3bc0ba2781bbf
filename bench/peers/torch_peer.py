#!/usr/bin/env python3
"""PyTorch-eager peer of `pretrain4j benchmark`: the same workloads, measured in Python on this CPU.

Adapted from ../shared/bench/torch_peer.py. The networks are written here in plain torch.nn (no torchvision, timm
or mmpretrain) with mmpretrain's architecture: ResNet_CIFAR-18 is torchvision's ResNet-18 with a 3x3 stride-1 stem
and no max-pool (11,173,962 parameters for 10 classes); ResNet-50 is torchvision's (style 'pytorch': stride on the
3x3 convolution of each bottleneck, 25,557,032 parameters). Training uses SGD (lr 0.1, momentum 0.9, weight decay
1e-4) and cross-entropy, fp32, like pretrain4j's default. Each step's time is split as pretrain4j splits it:
data (copying the fixed random batch), forward with loss, backward, optimizer (step and zero_grad).

Set-up (Debian): apt-get install -y python3-torch libopenblas0-pthread
Usage: python3 bench/peers/torch_peer.py [--threads 2] [--only NAME[,NAME...]] [--steps N] [--warmup N]
Prints one `RESULT {json}` line per workload (and one for the matmul roofline). Compare ratios measured in one run.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv3x3(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 3, stride, 1, bias=False)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, cin, width, stride=1):
        super().__init__()
        self.conv1 = conv3x3(cin, width, stride)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = conv3x3(width, width)
        self.bn2 = nn.BatchNorm2d(width)
        self.downsample = None
        if stride != 1 or cin != width:
            self.downsample = nn.Sequential(nn.Conv2d(cin, width, 1, stride, bias=False), nn.BatchNorm2d(width))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + identity)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, cin, width, stride=1):
        super().__init__()
        out = width * 4
        self.conv1 = nn.Conv2d(cin, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = conv3x3(width, width, stride)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, out, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out)
        self.downsample = None
        if stride != 1 or cin != out:
            self.downsample = nn.Sequential(nn.Conv2d(cin, out, 1, stride, bias=False), nn.BatchNorm2d(out))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return F.relu(out + identity)


class ResNet(nn.Module):
    """mmpretrain's ImageClassifier(ResNet or ResNet_CIFAR, GlobalAveragePooling, LinearClsHead)."""

    def __init__(self, block, layers, num_classes, cifar):
        super().__init__()
        if cifar:
            self.stem = nn.Sequential(conv3x3(3, 64), nn.BatchNorm2d(64), nn.ReLU(inplace=True))
        else:
            self.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64),
                                      nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, 1))
        stages, cin = [], 64
        for i, n in enumerate(layers):
            width = 64 * 2 ** i
            blocks = []
            for b in range(n):
                blocks.append(block(cin, width, 2 if i > 0 and b == 0 else 1))
                cin = width * block.expansion
            stages.append(nn.Sequential(*blocks))
        self.layers = nn.Sequential(*stages)
        self.fc = nn.Linear(cin, num_classes)

    def forward(self, x):
        x = self.layers(self.stem(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def resnet18_cifar():
    return ResNet(BasicBlock, [2, 2, 2, 2], 10, cifar=True)


def resnet50():
    return ResNet(Bottleneck, [3, 4, 6, 3], 1000, cifar=False)


def vit_b16():
    # torchvision's ViT-B/16: the same architecture as mmpretrain's VisionTransformer arch 'b' with a linear head
    # (86,567,656 parameters on both sides), so the peer needs no model code of its own here.
    import torchvision
    return torchvision.models.vit_b_16(weights=None)


def num_classes(model):
    return model.fc.out_features if hasattr(model, "fc") else model.heads.head.out_features


def blas_library():
    """The BLAS shared library this process mapped (Debian's torch reports BLAS_INFO=generic and gets whichever
    libblas.so.3 the alternatives system points at: OpenBLAS with libopenblas0-pthread, else reference BLAS)."""
    torch.randn(8, 8) @ torch.randn(8, 8)
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        return ", ".join(sorted(libs)) or "unknown"
    except OSError:
        return "unknown"


def gemm_gflops(n=2048, reps=5):
    """Best of `reps` float32 n x n products, as pretrain4j's Roofline measures it."""
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(2):
        a @ b
    best = float("inf")
    for _ in range(reps):
        t = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - t)
    return 2 * n ** 3 / best / 1e9


def run(name, model, mode, shape, batch, steps, warmup, profile=None):
    x, y = torch.randn(batch, *shape), torch.randint(0, num_classes(model), (batch,))
    train = mode == "train"
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4) if train else None
    loss_fn = nn.CrossEntropyLoss()
    model.train(train)
    walls, split = [], {"data": 0.0, "forward": 0.0, "backward": 0.0, "optimizer": 0.0}
    with torch.set_grad_enabled(train):
        for i in range(warmup + steps):
            t0 = time.perf_counter()
            xb, yb = x.clone(), y.clone()
            t1 = time.perf_counter()
            if train:
                loss = loss_fn(model(xb), yb)
                t2 = time.perf_counter()
                loss.backward()
                t3 = time.perf_counter()
                opt.step()
                opt.zero_grad()
                del loss
            else:
                model(xb)
                t2 = t3 = time.perf_counter()
            t4 = time.perf_counter()
            if i >= warmup:
                walls.append(t4 - t0)
                for k, v in (("data", t1 - t0), ("forward", t2 - t1), ("backward", t3 - t2), ("optimizer", t4 - t3)):
                    split[k] += v
    if profile:
        # One more step under the autograd profiler, after the measured ones, as `pretrain4j benchmark --profile`.
        with torch.set_grad_enabled(train), torch.autograd.profiler.profile(record_shapes=True) as prof:
            if train:
                loss_fn(model(x.clone()), y.clone()).backward()
                opt.step()
                opt.zero_grad()
            else:
                model(x.clone())
        prof.export_chrome_trace(profile)
    total = sum(walls)
    ms = {k: v / steps * 1e3 for k, v in split.items()}
    mean = total / steps * 1e3
    return {
        "workload": name, "mode": mode, "data": "synthetic", "batch_size": batch,
        "input_shape": ",".join(map(str, shape)), "steps": steps, "warmup": warmup,
        "threads": torch.get_num_threads(), "torch": torch.__version__,
        "parameters": sum(p.numel() for p in model.parameters()),
        "images_per_s": batch * steps / total, "images_per_s_median": batch / statistics.median(walls),
        "mean_step_ms": mean,
        "median_step_ms": statistics.median(walls) * 1e3,
        "data_ms": ms["data"], "forward_ms": ms["forward"], "backward_ms": ms["backward"],
        "optimizer_ms": ms["optimizer"], "other_ms": max(0.0, mean - sum(ms.values())),
    }


# name -> (model factory, mode, input shape, batch, default steps, default warm-up)
WORKLOADS = {
    "resnet18_cifar_train_b64": (resnet18_cifar, "train", (3, 32, 32), 64, 15, 3),
    "resnet18_cifar_infer_b64": (resnet18_cifar, "infer", (3, 32, 32), 64, 30, 3),
    "resnet50_infer_b8_224": (resnet50, "infer", (3, 224, 224), 8, 10, 2),
    "vit_b16_infer_b8_224": (vit_b16, "infer", (3, 224, 224), 8, 5, 1),
}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--only", default="", help="comma-separated workloads, or gemm2048; default: all")
    p.add_argument("--steps", type=int, default=0, help="measured steps (default: per workload)")
    p.add_argument("--warmup", type=int, default=-1, help="warm-up steps (default: per workload)")
    p.add_argument("--profile", default="", help="write an operator trace of one extra step of the (single) "
                   "workload to this file (summarise with bench/profile_summary.py)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    names = [n for n in args.only.split(",") if n] or ["gemm2048"] + list(WORKLOADS)
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}, BLAS {blas_library()}", flush=True)
    for name in names:
        if name == "gemm2048":
            result = {"workload": name, "matmul_gflops": gemm_gflops(), "threads": torch.get_num_threads()}
        else:
            factory, mode, shape, batch, steps, warmup = WORKLOADS[name]
            result = run(name, factory(), mode, shape, batch, args.steps or steps,
                         warmup if args.warmup < 0 else args.warmup, args.profile or None)
        print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
