"""Time of one training step of the captcha CRNN (forward, `CTCLoss`, backward, AdamW step) in several variants.

    python bench/train_step.py                            # the recipe as trained, NCHW weights, torch.compile
    python bench/train_step.py --variants recipe nchw --bs 16 --rounds 5
Variants run in turn, `--steps` steps each per round, so that the host's changing speed falls on all of them;
the first step of each (with torch.compile: the compilation) is timed apart. Inputs are random: a conv's cost does not depend on them.
"""
import argparse, time
from statistics import median
import torch
from ctcocr.crnn import CRNN_CONFIGS, cpu_bf16, crnn_model
from ctcocr.ctc import CTCLoss
from common import machine, write

VARIANTS = ('recipe', 'nchw', 'compile')
SIZE = (50, 200)  # the captchas' (height, width)

def make_step(variant, bs, n_classes=20):
    "A function running one training step of variant `variant`, and its first step's seconds"
    torch.manual_seed(0)
    model = crnn_model(n_classes, **CRNN_CONFIGS['cpu'], size=SIZE).train()
    x = torch.randn(bs, 3, *SIZE).contiguous(memory_format=torch.channels_last)
    if variant == 'nchw': model.body.to(memory_format=torch.contiguous_format); x = x.contiguous()
    forward = torch.compile(model) if variant == 'compile' else model
    targets, loss_func, bf16 = torch.randint(1, n_classes, (bs, 5)), CTCLoss(), cpu_bf16()
    opt = torch.optim.AdamW(model.parameters(), 1e-3)
    def step():
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=bf16):  # as `BF16Training` trains
            out = forward(x)
        loss = loss_func(out, targets)
        opt.zero_grad(); loss.backward(); opt.step()
    start = time.perf_counter(); step()
    return step, time.perf_counter() - start

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--variants', nargs='+', choices=VARIANTS, default=list(VARIANTS))
    ap.add_argument('--bs', type=int, default=16)
    ap.add_argument('--steps', type=int, default=5, help='timed steps per variant and round')
    ap.add_argument('--rounds', type=int, default=4)
    ap.add_argument('--out', default='bench/results/train_step.json')
    args = ap.parse_args()
    steps, first = {}, {}
    for v in args.variants:
        steps[v], first[v] = make_step(v, args.bs)
        for _ in range(2): steps[v]()  # warm-up
    times = {v: [] for v in args.variants}
    for _ in range(args.rounds):
        for v in args.variants:
            for _ in range(args.steps):
                start = time.perf_counter(); steps[v](); times[v].append(1000 * (time.perf_counter() - start))
    result = {v: dict(median_ms=median(times[v]), first_step_s=first[v], ms=times[v]) for v in args.variants}
    for v, r in result.items(): print(f"{v}: {r['median_ms']:.0f} ms a step (first step {r['first_step_s']:.1f} s)")
    write(args.out, dict(benchmark='train_step', machine=machine(), model=CRNN_CONFIGS['cpu'], bs=args.bs,
                         input=[3, *SIZE], rounds=args.rounds, steps_per_round=args.steps, variants=result))
