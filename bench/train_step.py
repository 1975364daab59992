"""Time of one training step (forward, `CTCLoss`, backward, AdamW step) of the captcha CRNN or the lines model, in several variants.

    python bench/train_step.py                            # the captcha CRNN as trained, NCHW weights, torch.compile
    python bench/train_step.py --variants recipe nchw --bs 16 --rounds 5
    python bench/train_step.py --model lines --variants recipe nchw --steps 40 --rounds 3 --out bench/results/train_step_lines.json
    python bench/train_step.py --model lines --variants recipe nchw --steps 40 --rounds 3 --float32 --out bench/results/train_step_lines_float32.json
Variants run in turn, `--steps` steps each per round, so that the host's changing speed falls on all of them;
the first step of each (with torch.compile: the compilation) is timed apart. The captcha CRNN reads random
inputs: a conv's cost does not depend on them. The lines model reads the first `--steps` training batches of
`ctcocr train lines` (real widths and labels), the same ones in the same order for every variant.
Both run under bfloat16 autocast where the CPU has it, as `BF16Training` trains; `--float32` turns it off.
"""
import argparse, copy, itertools, time
from statistics import median
import torch
from ctcocr.classify import cpu_bf16
from ctcocr.crnn import CRNN_CONFIGS, crnn_model
from ctcocr.ctc import CTCLoss
from common import machine, write

VARIANTS = ('recipe', 'nchw', 'compile')
SIZE = (50, 200)  # the captchas' (height, width)

def captcha_batches(bs, n_classes=20):
    "A captcha CRNN and one random batch of `bs` captchas"
    model = crnn_model(n_classes, **CRNN_CONFIGS['cpu'], size=SIZE)
    x = torch.randn(bs, 3, *SIZE).contiguous(memory_format=torch.channels_last)
    return model, [((x,), torch.randint(1, n_classes, (bs, 5)))]

def lines_batches(bs, n):
    "A lines model as `ctcocr train lines` builds it, and the first `n` training batches of its recipe"
    from fastai.torch_core import set_seed
    from ctcocr.data import lines_dls
    from ctcocr.handwriting import handwriting_learner
    set_seed(42)
    learn = handwriting_learner(lines_dls(bs=bs), 'lines')
    return learn.model, [(xb, yb) for (*xb, yb) in itertools.islice(learn.dls.train, n)]

def make_step(model, batches, variant, bf16):
    "A function running one training step of `model` in variant `variant` on the next of `batches`, and its first step's seconds"
    if variant == 'nchw':
        model.body.to(memory_format=torch.contiguous_format)
        batches = [(tuple(x.contiguous() for x in xb), yb) for xb, yb in batches]
    forward, loss_func = torch.compile(model) if variant == 'compile' else model, CTCLoss()
    opt, batch = torch.optim.AdamW(model.parameters(), 1e-3), itertools.cycle(batches)
    def step():
        xb, yb = next(batch)
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=bf16):  # as `BF16Training` trains
            out = forward(*xb)
        loss = loss_func(out, yb)
        opt.zero_grad(); loss.backward(); opt.step()
    start = time.perf_counter(); step()
    return step, time.perf_counter() - start

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--model', choices=['captcha', 'lines'], default='captcha')
    ap.add_argument('--variants', nargs='+', choices=VARIANTS, default=list(VARIANTS))
    ap.add_argument('--bs', type=int, default=16)
    ap.add_argument('--steps', type=int, default=5, help='timed steps per variant and round')
    ap.add_argument('--rounds', type=int, default=4)
    ap.add_argument('--float32', action='store_true', help='no bfloat16 autocast, even where the CPU has it')
    ap.add_argument('--out', default='bench/results/train_step.json')
    args = ap.parse_args()
    bf16 = cpu_bf16() and not args.float32
    torch.manual_seed(0)
    model, batches = captcha_batches(args.bs) if args.model == 'captcha' else lines_batches(args.bs, args.steps)
    steps, first = {}, {}
    for v in args.variants:
        steps[v], first[v] = make_step(copy.deepcopy(model).train(), batches, v, bf16)  # the same weights and batches for every variant
        for _ in range(len(batches) - 1 or 2): steps[v]()  # warm-up: back to the first batch, or twice the captcha batch
    times = {v: [] for v in args.variants}
    for _ in range(args.rounds):
        for v in args.variants:
            for _ in range(args.steps):
                start = time.perf_counter(); steps[v](); times[v].append(1000 * (time.perf_counter() - start))
    result = {v: dict(median_ms=median(times[v]), round_s=[sum(times[v][i:i + args.steps]) / 1000 for i in range(0, len(times[v]), args.steps)],
                      first_step_s=first[v], ms=times[v]) for v in args.variants}
    for v, r in result.items(): print(f"{v}: {r['median_ms']:.0f} ms a step, rounds of {args.steps} steps {', '.join(f'{s:.1f}' for s in r['round_s'])} s (first step {r['first_step_s']:.1f} s)")
    write(args.out, dict(benchmark='train_step', machine=dict(machine(), bf16=bf16), model=args.model, bs=args.bs,
                         rounds=args.rounds, steps_per_round=args.steps, variants=result))
