"""Greedy decoding vs prefix beam search: validation scores of the handwriting models the benchmarks saved,
read as `ctcocr predict` reads them.

    python bench/beam_accuracy.py bench/models/names-seed42 bench/models/names-seed0 bench/models/lines-seed42 bench/models/lines-seed0
    python bench/beam_accuracy.py bench/models/names-seed42 bench/models/names-seed0 --train-lexicon --oov-factors 3 10 30 100 300 1000 --out bench/results/beam_accuracy_names.json
        # also: beam 10 with the training split's texts as lexicon, closed and open
Each folder, named <dataset>-seed<N> by bench/handwriting.py, is scored on its dataset's validation split.
With --train-lexicon, each reading is also scored on the validation texts that the lexicon holds.
"""
import argparse, statistics, time
from pathlib import Path
from ctcocr.cli import HANDWRITING_RECIPES
from ctcocr.ctc import text_scores
from ctcocr.inference import load_recognizer
from common import machine, write

def score(model, files, labels, beam_width, lexicon=None, oov_factor=None, known=None):
    "Scores of the readings of `files`; with `known` (a set of texts), also on the files whose label it holds"
    rec = load_recognizer(model, beam_width, lexicon, oov_factor)
    start = time.time()
    got, errors = rec.read(files)
    if errors: raise ValueError(f"cannot read validation images: {errors}")
    seconds = time.time() - start
    hyps = [got[f][0] for f in files]
    s = dict(text_scores(labels, hyps), seconds=seconds)
    if known is not None:
        inside = [i for i, l in enumerate(labels) if l in known]
        s['in_lexicon'] = dict(images=len(inside), share=len(inside) / len(labels),
                               **text_scores([labels[i] for i in inside], [hyps[i] for i in inside]))
    return s

def name(beam_width, lexicon, oov_factor):
    return f"beam {beam_width}" + (' lexicon' if lexicon else '') + (f' oov_factor {oov_factor:g}' if oov_factor else '')

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('models', nargs='+', help='model folders saved by bench/handwriting.py')
    ap.add_argument('--beams', type=int, nargs='+', default=[1, 10], help='beam widths (1: greedy)')
    ap.add_argument('--train-lexicon', action='store_true', help="also read with beam 10 limited to the training split's texts")
    ap.add_argument('--oov-factors', type=float, nargs='*', default=[], help='with --train-lexicon: also read with the lexicon opened by each of these')
    ap.add_argument('--data', help='dataset folder (default: $CTCOCR_DATA/<dataset folder>)')
    ap.add_argument('--out', default='bench/results/beam_accuracy.json')
    args = ap.parse_args()
    splits, runs = {}, []
    readings = [(bw, False, None) for bw in args.beams] + [(10, True, k) for k in [None, *args.oov_factors]] * args.train_lexicon
    for model in map(Path, args.models):
        dataset = model.name.split('-')[0]
        if dataset not in HANDWRITING_RECIPES: raise SystemExit(f"{model}: expected a folder named <dataset>-seed<N>, dataset one of {list(HANDWRITING_RECIPES)}")
        if dataset not in splits:  # the validation split the model was scored on in training, and the training texts
            dls = HANDWRITING_RECIPES[dataset]['dls'](args.data)
            labels = dls.valid_ds.tfms[0].labels
            splits[dataset] = (list(dls.valid_ds.items), [labels[f] for f in dls.valid_ds.items],
                               sorted({dls.train_ds.tfms[0].labels[f] for f in dls.train_ds.items}))
        files, refs, lexicon = splits[dataset]
        known = set(lexicon) if args.train_lexicon else None
        for bw, lex, k in readings:
            s = score(model, files, refs, bw, lexicon if lex else None, k, known)
            runs.append(dict(model=str(model), dataset=dataset, beam_width=bw, lexicon=f'training texts ({len(lexicon)})' if lex else None,
                             oov_factor=k, **s))
            print(f"{model} {name(bw, lex, k)}: cer {s['cer']:.4f}, wer {s['wer']:.4f}, seq_acc {s['seq_acc']:.4f}, {s['seconds']:.1f} s"
                  + (f"; on the {s['in_lexicon']['images']} in the lexicon: seq_acc {s['in_lexicon']['seq_acc']:.4f}" if known else ''), flush=True)
    median = {f"{d} {name(bw, lex, k)}":
              {m: statistics.median(r[m] for r in runs if (r['dataset'], r['beam_width'], bool(r['lexicon']), r['oov_factor']) == (d, bw, lex, k))
               for m in ('cer', 'wer', 'seq_acc', 'seconds')}
              for d in splits for bw, lex, k in readings}
    for k, v in median.items(): print('median', k, {n: round(x, 4) for n, x in v.items()})
    write(args.out, dict(benchmark='beam_accuracy', machine=machine(), runs=runs, median=median))
