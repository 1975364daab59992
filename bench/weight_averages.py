"""Weight averages of the captcha CRNN recipe: do EMAs or an SWA of one run read the validation split better than its final weights?

    python bench/weight_averages.py                  # split seeds 42 0 1 2 3 4, initialisation seed 0
Each run trains the recipe once (the averages do not change training) and reads the validation split with its final
weights, with exponential moving averages of the weights after every step (decays `DECAYS`) and with the mean of the
weights at the end of each of the last quarter of the epochs (SWA); batch-norm statistics are averaged the same way.
"""
import argparse, statistics, time
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn
from fastai.callback.core import Callback
from ctcocr.cli import CAPTCHA_EPOCHS, CAPTCHA_LR
from ctcocr.ctc import ctc_decode, text_scores
from common import seeded_crnn_learner, machine, write

DECAYS = (0.99, 0.995, 0.998, 0.999)

class WeightAverages(Callback):
    "Keep EMAs of the weights (updated after every step) and an SWA of the last quarter's epoch-end weights"
    order = 100  # after BF16Training has wrapped the model's forward
    def before_fit(self):
        self.emas = {f'ema{d}': AveragedModel(self.model, multi_avg_fn=get_ema_multi_avg_fn(d), use_buffers=True) for d in DECAYS}
        self.swa = AveragedModel(self.model, use_buffers=True)
    def after_step(self):
        for a in self.emas.values(): a.update_parameters(self.model)
    def after_epoch(self):
        if self.epoch >= round(self.n_epoch * 0.75): self.swa.update_parameters(self.model)

def swap(model, avg):
    "Exchange `model`'s weights and buffers with those of `avg` (twice: back as they were)"
    for a, b in zip(model.state_dict().values(), avg.module.state_dict().values()):
        t = a.clone(); a.copy_(b); b.copy_(t)

def read_valid(learn):
    with learn.no_bar(): preds, targs = learn.get_preds(act=lambda o: o)
    refs = [learn.dls.vocab.decode(t) for t in targs]
    hyps = [t for t, _ in ctc_decode(preds, learn.dls.vocab)]
    return dict(seq_acc=text_scores(refs, hyps)['seq_acc'], errors=[(r, h) for r, h in zip(refs, hyps) if r != h])

def run_one(args, split_seed):
    learn = seeded_crnn_learner(args, split_seed, args.seed)
    learn.add_cb(cb := WeightAverages())
    start = time.time()
    with learn.no_bar(): learn.fit_one_cycle(CAPTCHA_EPOCHS, CAPTCHA_LR)
    run = dict(split_seed=split_seed, seed=args.seed, train_minutes=(time.time() - start) / 60, final=read_valid(learn))
    for name, avg in {**cb.emas, 'swa_last25': cb.swa}.items():
        swap(learn.model, avg); run[name] = read_valid(learn); swap(learn.model, avg)
    print({k: (v['seq_acc'], v['errors']) if isinstance(v, dict) else v for k, v in run.items()}, flush=True)
    return run

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--split-seeds', type=int, nargs='+', default=[42, 0, 1, 2, 3, 4])
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--data', help='captcha folder (default: $CTCOCR_DATA or fastai\'s data folder)')
    ap.add_argument('--out', default='bench/results/weight_averages.json')
    args = ap.parse_args()
    args.bs = 16
    runs = [run_one(args, s) for s in args.split_seeds]
    readings = [k for k, v in runs[0].items() if isinstance(v, dict)]  # 'final', then each average
    mean = {k: statistics.mean(r[k]['seq_acc'] for r in runs) for k in readings}
    print('mean seq_acc:', {k: round(v, 4) for k, v in mean.items()})
    write(args.out, dict(benchmark='weight_averages', machine=machine(), split='RandomSplitter(0.1, seed=split_seed)',
                         recipe=dict(config='cpu', epochs=CAPTCHA_EPOCHS, bs=16, lr=CAPTCHA_LR, decays=DECAYS, swa='epoch ends, last 25%'),
                         runs=runs, mean_seq_acc=mean))
