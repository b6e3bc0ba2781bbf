#!/usr/bin/env python3
"""PyTorch-eager peer of `pretrain4j benchmark`: the same workloads, measured in Python on this CPU.

Adapted from ../shared/bench/torch_peer.py. The networks are written here in plain torch.nn (no torchvision, timm
or mmpretrain) with mmpretrain's architecture: ResNet_CIFAR-18 is torchvision's ResNet-18 with a 3x3 stride-1 stem
and no max-pool (11,173,962 parameters for 10 classes); ResNet-50 is torchvision's (style 'pytorch': stride on the
3x3 convolution of each bottleneck, 25,557,032 parameters). The MAE workload is mmpretrain's MAE at the sizes of
configs/mae/mae_vit-tiny-p4_fashion-mnist.conf (ViT encoder 6 x 128 on 4x4 patches of 1x28x28, 75% masked, decoder
2 x 64, norm_pix L2 loss; 1,301,648 trainable parameters), trained with the config's AdamW. Training uses SGD (lr 0.1, momentum 0.9, weight decay
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


def sincos_pos_embed(grid, dims):
    """MAE's fixed 2-D sin-cos position embedding with a zero class-token row, shape (1, grid * grid + 1, dims)."""
    coords = torch.arange(grid, dtype=torch.float32)
    gw, gh = torch.meshgrid(coords, coords, indexing="ij")
    omega = 1.0 / 10000 ** (torch.arange(dims // 4, dtype=torch.float32) / (dims // 4))
    w, h = gw.flatten()[:, None] * omega, gh.flatten()[:, None] * omega
    emb = torch.cat([w.sin(), w.cos(), h.sin(), h.cos()], dim=1)
    return torch.cat([torch.zeros(1, dims), emb])[None]


class EncoderLayer(nn.Module):
    """mmpretrain's pre-norm TransformerEncoderLayer: x + attn(ln1(x)), then x + ffn(ln2(x)); LayerNorm eps 1e-6."""

    def __init__(self, dims, heads, hidden):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(dims, eps=1e-6)
        self.qkv = nn.Linear(dims, 3 * dims)
        self.proj = nn.Linear(dims, dims)
        self.ln2 = nn.LayerNorm(dims, eps=1e-6)
        self.fc1 = nn.Linear(dims, hidden)
        self.fc2 = nn.Linear(hidden, dims)

    def forward(self, x):
        n, length, dims = x.shape
        q, k, v = self.qkv(self.ln1(x)).reshape(n, length, 3, self.heads, dims // self.heads).permute(2, 0, 3, 1, 4)
        attn = (q @ k.transpose(-2, -1) * (dims // self.heads) ** -0.5).softmax(dim=-1)
        x = x + self.proj((attn @ v).transpose(1, 2).reshape(n, length, dims))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class MAE(nn.Module):
    """mmpretrain's MAE (MAEViT encoder, MAEPretrainDecoder neck, MAEPretrainHead with norm_pix and an L2 loss on the
    masked patches), at the sizes of configs/mae/mae_vit-tiny-p4_fashion-mnist.conf."""

    def __init__(self, img=28, patch=4, chans=1, dims=128, layers=6, heads=4, hidden=512, mask_ratio=0.75,
                 dec_dims=64, dec_layers=2, dec_heads=4, mlp_ratio=4):
        super().__init__()
        self.patch, self.mask_ratio, grid = patch, mask_ratio, img // patch
        self.patch_embed = nn.Conv2d(chans, dims, patch, patch)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dims))
        self.register_buffer("pos_embed", sincos_pos_embed(grid, dims))
        self.layers = nn.ModuleList(EncoderLayer(dims, heads, hidden) for _ in range(layers))
        self.ln1 = nn.LayerNorm(dims, eps=1e-6)  # MAEViT's final norm, named as there (the config's "ln" key)
        self.decoder_embed = nn.Linear(dims, dec_dims)
        self.mask_token = nn.Parameter(torch.zeros(1, 1, dec_dims))
        self.register_buffer("decoder_pos_embed", sincos_pos_embed(grid, dec_dims))
        self.decoder_blocks = nn.ModuleList(EncoderLayer(dec_dims, dec_heads, mlp_ratio * dec_dims)
                                            for _ in range(dec_layers))
        self.decoder_norm = nn.LayerNorm(dec_dims, eps=1e-6)
        self.decoder_pred = nn.Linear(dec_dims, patch * patch * chans)

    def forward(self, images):
        x = self.patch_embed(images).flatten(2).transpose(1, 2) + self.pos_embed[:, 1:]
        n, length, dims = x.shape
        keep = int(length * (1 - self.mask_ratio))
        ids_shuffle = torch.argsort(torch.rand(n, length), dim=1)
        ids_restore = torch.argsort(ids_shuffle, dim=1)
        x = torch.gather(x, 1, ids_shuffle[:, :keep, None].repeat(1, 1, dims))
        mask = torch.ones(n, length)
        mask[:, :keep] = 0
        mask = torch.gather(mask, 1, ids_restore)
        x = torch.cat([(self.cls_token + self.pos_embed[:, :1]).expand(n, -1, -1), x], dim=1)
        for layer in self.layers:
            x = layer(x)
        x = self.decoder_embed(self.ln1(x))
        tokens = torch.cat([x[:, 1:], self.mask_token.repeat(n, length + 1 - x.shape[1], 1)], dim=1)
        tokens = torch.gather(tokens, 1, ids_restore[:, :, None].repeat(1, 1, x.shape[2]))
        x = torch.cat([x[:, :1], tokens], dim=1) + self.decoder_pos_embed
        for layer in self.decoder_blocks:
            x = layer(x)
        pred = self.decoder_pred(self.decoder_norm(x))[:, 1:]
        # norm_pix target: each patch's pixels normalised by their mean and unbiased variance.
        c, p = images.shape[1], self.patch
        target = images.reshape(n, c, images.shape[2] // p, p, images.shape[3] // p, p)
        target = torch.einsum("nchpwq->nhwpqc", target).reshape(n, length, p * p * c)
        target = (target - target.mean(dim=-1, keepdim=True)) / (target.var(dim=-1, keepdim=True) + 1e-6) ** 0.5
        return (((pred - target) ** 2).mean(dim=-1) * mask).sum() / mask.sum()


def mae_vit_tiny_p4():
    # 1,301,648 trainable parameters; the position embeddings are fixed (buffers here, frozen parameters there).
    return MAE()


def num_classes(model):
    if isinstance(model, MAE):
        return 1
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
    self_sup = isinstance(model, MAE)
    opt = None
    if train and self_sup:
        # The config's AdamW with its paramwise_cfg: custom_keys ln, bias, pos_embed, mask_token and cls_token get no
        # decay, matched as substrings of the parameter names as mmengine matches them.
        def no_decay(name):
            return any(k in name for k in ("ln", "bias", "pos_embed", "mask_token", "cls_token"))
        decay = [p for n, p in model.named_parameters() if not no_decay(n)]
        rest = [p for n, p in model.named_parameters() if no_decay(n)]
        opt = torch.optim.AdamW([{"params": decay}, {"params": rest, "weight_decay": 0.0}], lr=1e-3,
                                betas=(0.9, 0.95), weight_decay=0.05)
    elif train:
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss()
    model.train(train)
    walls, split = [], {"data": 0.0, "forward": 0.0, "backward": 0.0, "optimizer": 0.0}
    with torch.set_grad_enabled(train):
        for i in range(warmup + steps):
            t0 = time.perf_counter()
            xb, yb = x.clone(), y.clone()
            t1 = time.perf_counter()
            if train:
                loss = model(xb) if self_sup else loss_fn(model(xb), yb)
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
                (model(x.clone()) if self_sup else loss_fn(model(x.clone()), y.clone())).backward()
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
    "mae_vit_tiny_p4_train_b256": (mae_vit_tiny_p4, "train", (1, 28, 28), 256, 15, 3),
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
