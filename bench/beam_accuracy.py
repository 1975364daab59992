"""Greedy decoding vs prefix beam search: validation scores of the handwriting models the benchmarks saved,
read as `ctcocr predict` reads them.

    python bench/beam_accuracy.py bench/models/names-seed42 bench/models/names-seed0 bench/models/lines-seed42 bench/models/lines-seed0
Each folder, named <dataset>-seed<N> by bench/handwriting.py, is scored on its dataset's validation split.
"""
import argparse, statistics, time
from pathlib import Path
from ctcocr.cli import HANDWRITING_RECIPES
from ctcocr.ctc import text_scores
from ctcocr.inference import load_recognizer
from common import machine, write

def score(model, files, labels, beam_width):
    rec = load_recognizer(model, beam_width)
    start = time.time()
    got, errors = rec.read(files)
    if errors: raise ValueError(f"cannot read validation images: {errors}")
    seconds = time.time() - start
    return dict(text_scores(labels, [got[f][0] for f in files]), seconds=seconds)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('models', nargs='+', help='model folders saved by bench/handwriting.py')
    ap.add_argument('--beams', type=int, nargs='+', default=[1, 10], help='beam widths (1: greedy)')
    ap.add_argument('--data', help='dataset folder (default: $CTCOCR_DATA/<dataset folder>)')
    ap.add_argument('--out', default='bench/results/beam_accuracy.json')
    args = ap.parse_args()
    splits, runs = {}, []
    for model in map(Path, args.models):
        dataset = model.name.split('-')[0]
        if dataset not in HANDWRITING_RECIPES: raise SystemExit(f"{model}: expected a folder named <dataset>-seed<N>, dataset one of {list(HANDWRITING_RECIPES)}")
        if dataset not in splits:  # the validation split the model was scored on in training
            valid = HANDWRITING_RECIPES[dataset]['dls'](args.data).valid_ds
            splits[dataset] = list(valid.items), [valid.tfms[0].labels[f] for f in valid.items]
        for bw in args.beams:
            s = score(model, *splits[dataset], bw)
            runs.append(dict(model=str(model), dataset=dataset, beam_width=bw, **s))
            print(f"{model} beam {bw}: cer {s['cer']:.4f}, wer {s['wer']:.4f}, seq_acc {s['seq_acc']:.4f}, {s['seconds']:.1f} s", flush=True)
    median = {f"{d} beam {bw}": {k: statistics.median(r[k] for r in runs if r['dataset'] == d and r['beam_width'] == bw)
                                 for k in ('cer', 'wer', 'seq_acc', 'seconds')}
              for d in splits for bw in args.beams}
    for k, v in median.items(): print('median', k, {n: round(x, 4) for n, x in v.items()})
    write(args.out, dict(benchmark='beam_accuracy', machine=machine(), runs=runs, median=median))
