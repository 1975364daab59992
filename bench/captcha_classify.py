"""Captcha classifiers benchmark (approaches 1 and 2): validation scores and CPU training time, in float32 and bfloat16.

    python bench/captcha_classify.py --seeds 0 1 --out bench/results/captcha_classify.json
The recipe of `01_captcha_classify`: an xresnet18 from scratch, 40 epochs, one-cycle peaking at 3e-3, batch size 32,
the validation split of seed 42. For each seed, each approach trains in each precision in turn (float32 first), so
that the host's changing speed falls on all of them; bfloat16 (`BF16Training`) runs only where the CPU has it.
"""
import argparse, time
from statistics import median
from fastai.torch_core import set_seed
from ctcocr.classify import APPROACHES, captcha_learner, cpu_bf16
from ctcocr.data import captcha_dls
from common import machine, write

def train_one(args, approach, seed, precision):
    set_seed(seed)  # before the DataLoaders: they draw their shuffling seed when built
    learn = captcha_learner(captcha_dls(args.data, bs=args.bs, seed=42), approach, bf16=precision == 'bfloat16')
    start = time.time()
    with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(args.epochs, args.lr)
    minutes = (time.time() - start) / 60
    char_acc, captcha_acc = zip(*[v[-2:] for v in learn.recorder.values])
    run = dict(approach=approach, precision=precision, seed=seed, train_minutes=minutes,
               captcha_acc=captcha_acc[-1], peak_captcha_acc=max(captcha_acc), char_acc=char_acc[-1],
               first_epoch_50=next((i + 1 for i, a in enumerate(captcha_acc) if a >= .5), None), captcha_acc_by_epoch=captcha_acc)
    print(f"{approach}, {run['precision']}, seed {seed}: captchas {run['captcha_acc']:.4f} (peak {run['peak_captcha_acc']:.4f}), "
          f"characters {run['char_acc']:.4f}, {minutes:.2f} min", flush=True)
    return run

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--approaches', nargs='+', choices=list(APPROACHES), default=list(APPROACHES))
    ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1])
    ap.add_argument('--epochs', type=int, default=40)
    ap.add_argument('--bs', type=int, default=32)
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--data', help='captcha folder (default: $CTCOCR_DATA or fastai\'s data folder)')
    ap.add_argument('--out', default='bench/results/captcha_classify.json')
    args = ap.parse_args()
    precisions = ['float32', 'bfloat16'] if cpu_bf16() else ['float32']
    runs = [train_one(args, a, s, p) for s in args.seeds for a in args.approaches for p in precisions]
    keys = ('captcha_acc', 'peak_captcha_acc', 'char_acc', 'first_epoch_50', 'train_minutes')
    med = lambda xs: None if None in xs else median(xs)  # None: a run never read half the captchas
    medians = {f"{a} {p}": {k: med([r[k] for r in runs if (r['approach'], r['precision']) == (a, p)]) for k in keys}
               for a in args.approaches for p in precisions}
    for name, m in medians.items(): print('median', name, m)
    write(args.out, dict(benchmark='captcha_classify', machine=machine(), split='RandomSplitter(0.1, seed=42)',
                         recipe=dict(arch='xresnet18', epochs=args.epochs, bs=args.bs, lr=args.lr, schedule='fit_one_cycle'),
                         runs=runs, median=medians))
