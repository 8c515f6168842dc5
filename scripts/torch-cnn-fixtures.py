#!/usr/bin/python3
"""PyTorch reference for figure 11-11's small CNN (chapter §7), from Debian's python3-torch (1.13).

`pnpm fixtures:torch` writes packages/nn/src/__fixtures__/torch-small-cnn.json: eight real Fashion-MNIST test images
(Debian's dataset-fashion-mnist), initial weights given in descent's layouts, the logits of that network, and three
full-batch SGD steps (lr 0.1) of softmax cross-entropy: the loss before each step and every weight after the last.
The TypeScript test loads the same weights and must find the same numbers (float32 on both sides).

Layouts: descent stores a convolution kernel as [ky, kx, c_in, c_out] (Keras' HWIO) and flattens in HWC order;
PyTorch stores [c_out, c_in, ky, kx] and flattens in CHW order. The dense weights are permuted to match.

`/usr/bin/python3 scripts/torch-cnn-fixtures.py --accuracy [runs]` instead trains the network as chapter §7 says
(Glorot-uniform weights, zero biases, 16,384 random training images, 12 epochs of 128, Adam at 0.001, one thread)
and prints the test accuracy of each run and the time of a step: the reference figures the issue quotes.
"""
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

DATA = "/usr/share/datasets/fashion-mnist"
OUT = os.path.join(os.path.dirname(__file__), "..", "packages", "nn", "src", "__fixtures__", "torch-small-cnn.json")


def idx(name):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def forward(x, p):
    """x: [N, 1, 28, 28] float32."""
    h = F.max_pool2d(F.relu(F.conv2d(x, p["k1"], p["b1"])), 2)
    h = F.max_pool2d(F.relu(F.conv2d(h, p["k2"], p["b2"])), 2)
    return F.linear(h.flatten(1), p["w3"], p["b3"])


def to_torch(ours):
    """descent layouts -> PyTorch tensors."""
    k1 = np.array(ours[0], dtype=np.float32).reshape(3, 3, 1, 16).transpose(3, 2, 0, 1)
    k2 = np.array(ours[2], dtype=np.float32).reshape(3, 3, 16, 32).transpose(3, 2, 0, 1)
    # ours: w[(h*5 + w)*32 + c, o]; torch: W[o, c*25 + h*5 + w]
    w3 = np.array(ours[4], dtype=np.float32).reshape(5, 5, 32, 10).transpose(3, 2, 0, 1).reshape(10, 800)
    t = lambda a: torch.tensor(np.ascontiguousarray(a), requires_grad=True)
    return {"k1": t(k1), "b1": t(np.array(ours[1], dtype=np.float32)), "k2": t(k2), "b2": t(np.array(ours[3], dtype=np.float32)),
            "w3": t(w3), "b3": t(np.array(ours[5], dtype=np.float32))}


def to_ours(p):
    k1 = p["k1"].detach().numpy().transpose(2, 3, 1, 0).reshape(-1)
    k2 = p["k2"].detach().numpy().transpose(2, 3, 1, 0).reshape(-1)
    w3 = p["w3"].detach().numpy().reshape(10, 32, 5, 5).transpose(2, 3, 1, 0).reshape(-1)
    return [a.astype(float).tolist() for a in (k1, p["b1"].detach().numpy(), k2, p["b2"].detach().numpy(), w3, p["b3"].detach().numpy())]


def fixture():
    images = idx("t10k-images-idx3-ubyte.gz")[:8]
    labels = idx("t10k-labels-idx1-ubyte.gz")[:8]
    rng = np.random.default_rng(20261127)
    glorot = lambda fan_in, fan_out, n: rng.uniform(-1, 1, n) * np.sqrt(6 / (fan_in + fan_out))
    initial = [glorot(9, 144, 144), rng.uniform(-0.05, 0.05, 16), glorot(144, 288, 4608), rng.uniform(-0.05, 0.05, 32),
               glorot(800, 10, 8000), rng.uniform(-0.05, 0.05, 10)]
    initial = [np.asarray(a, dtype=np.float32).astype(float).tolist() for a in initial]
    p = to_torch(initial)
    x = torch.tensor(images.astype(np.float32) / 255).reshape(8, 1, 28, 28)
    y = torch.tensor(labels.astype(np.int64))
    logits = forward(x, p).detach().numpy().astype(float).tolist()
    opt = torch.optim.SGD(list(p.values()), lr=0.1)
    losses = []
    for _ in range(3):
        opt.zero_grad()
        loss = F.cross_entropy(forward(x, p), y)
        losses.append(float(loss))
        loss.backward()
        opt.step()
    out = {"torch": torch.__version__, "images": images.reshape(8, -1).tolist(), "labels": labels.tolist(), "initial": initial,
           "logits": logits, "lr": 0.1, "losses": losses, "final": to_ours(p)}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT + ".tmp", "w") as f:
        json.dump(out, f)
    os.replace(OUT + ".tmp", OUT)
    print(f"wrote {os.path.relpath(OUT)} (losses {losses})")


def accuracy(runs):
    torch.set_num_threads(1)
    train_x = torch.tensor(idx("train-images-idx3-ubyte.gz").astype(np.float32) / 255).reshape(-1, 1, 28, 28)
    train_y = torch.tensor(idx("train-labels-idx1-ubyte.gz").astype(np.int64))
    test_x = torch.tensor(idx("t10k-images-idx3-ubyte.gz").astype(np.float32) / 255).reshape(-1, 1, 28, 28)
    test_y = torch.tensor(idx("t10k-labels-idx1-ubyte.gz").astype(np.int64))
    results = []
    for seed in range(1, runs + 1):
        torch.manual_seed(seed)
        p = {"k1": torch.empty(16, 1, 3, 3), "b1": torch.zeros(16), "k2": torch.empty(32, 16, 3, 3), "b2": torch.zeros(32),
             "w3": torch.empty(10, 800), "b3": torch.zeros(10)}
        for k in ("k1", "k2", "w3"):
            torch.nn.init.xavier_uniform_(p[k])
        for v in p.values():
            v.requires_grad_(True)
        opt = torch.optim.Adam(list(p.values()), lr=0.001)
        rows = torch.randperm(60000)[:16384]
        start = time.perf_counter()
        for _ in range(12):
            order = rows[torch.randperm(16384)]
            for b in range(0, 16384, 128):
                i = order[b:b + 128]
                opt.zero_grad()
                F.cross_entropy(forward(train_x[i], p), train_y[i]).backward()
                opt.step()
        seconds = time.perf_counter() - start
        with torch.no_grad():
            acc = float((forward(test_x, p).argmax(1) == test_y).float().mean())
        results.append(acc)
        print(f"seed {seed}: accuracy {acc:.4f}, {seconds:.1f} s ({1000 * seconds / 1536:.2f} ms/step)")
    print(f"mean accuracy {np.mean(results):.4f} over {runs} runs")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--accuracy":
        accuracy(int(sys.argv[2]) if len(sys.argv) > 2 else 3)
    else:
        fixture()
