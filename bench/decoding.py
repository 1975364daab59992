"""Decoding benchmark: ms per sequence and agreement with a wide-beam reference, for greedy decoding,
ctcocr's prefix beam search, the tutorial's naive beam search and fast-ctc-decode.

    python bench/decoding.py --model models/captcha   # real outputs: the captcha validation split
    python bench/decoding.py --lines-model bench/models/lines-seed42   # ... and a line model's, on its validation pages
    python bench/decoding.py                           # random emissions only
    python bench/decoding.py --names-lexicon           # ... and noisy renderings of the training names read batch by batch,
                                                       # free and with those names as the lexicon

For the real outputs it also counts the samples whose beam search takes a short cut: the best path
alone above 0.5, or its labelling summed over all paths (one CTC loss call) above 0.5.
"""
import argparse, math, os, time
from pathlib import Path
from statistics import median
from collections import defaultdict
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
import fast_ctc_decode
from fastai.data.transforms import RandomSplitter
from ctcocr.ctc import beam_decode, collapse, ctc_decode, greedy_decode, sure_readings
from ctcocr.data import Vocab, captcha_path, image_files, line_items, names_items, page_split
from ctcocr.inference import load_recognizer
from fastai.vision.core import PILImage
from common import machine, write

def naive_beam(log_probs, beam_width):
    "The tutorial's search: keep the `beam_width` best frame paths, merge equal labellings only at the end"
    paths = [((), 0.0)]
    for frame in log_probs.tolist():
        cands = [(p + (c,), s + lp) for p, s in paths for c, lp in enumerate(frame)]
        paths = sorted(cands, key=lambda ps: -ps[1])[:beam_width]
    totals = defaultdict(float)
    for p, s in paths: totals[collapse(p)] += math.exp(s)
    return max(totals.items(), key=lambda kv: kv[1])

def fcd_beam(probs, beam_width, alphabet):
    "fast-ctc-decode's beam search; it returns text only"
    return fast_ctc_decode.beam_search(probs, alphabet, beam_size=beam_width, beam_cut_threshold=1e-3)[0]

def short_cuts(log_probs, lengths):
    "How many samples `beam_decode` reads without searching: on the best path alone, or on its labelling's summed probability"
    greedy = greedy_decode(log_probs, lengths)
    best_path, sure = sum(p > 0.5 for _, p in greedy), sum(r is not None for r in sure_readings(log_probs, lengths, greedy))
    return dict(best_path=best_path, summed=sure - best_path, searched=len(greedy) - sure)

def timed(name, dname, decode, ref, repeats, n):
    "Times (ms per sequence, every repeat) of `decode()`, which reads `n` sequences, and how often it agrees with `ref`"
    times = []
    for _ in range(repeats):
        start = time.perf_counter(); texts = decode(); times.append((time.perf_counter() - start) * 1000 / n)
    agree = sum(t == r for t, r in zip(texts, ref)) / len(ref)
    print(f"{name:>10} {dname:>28}: {median(times):8.3f} ms/sequence, agrees with reference on {agree:.1%}")
    return dict(ms_per_sequence=times, median_ms=median(times), agreement=agree)

def run(name, log_probs, beam_width, repeats, lengths=None, naive=True):
    "Per-decoder times (ms per sequence, every repeat) and agreement with the reference, on `log_probs` (N, T, C)"
    N, T, C = log_probs.shape
    lengths = torch.full((N,), T) if lengths is None else lengths
    alphabet = ['-'] + [chr(0x4e00 + i) for i in range(C - 1)]  # any distinct one-character names
    to_text = lambda lab: ''.join(alphabet[c] for c in lab)
    probs = [p[:n] for p, n in zip(log_probs.exp().numpy().astype(np.float32), lengths.tolist())]
    decoders = {
        'greedy': lambda: [to_text(l) for l, _ in greedy_decode(log_probs, lengths)],
        f'ctcocr beam {beam_width}': lambda: [to_text(l) for l, _ in beam_decode(log_probs, lengths, beam_width=beam_width)],
        f'fast-ctc-decode beam {beam_width}': lambda: [fcd_beam(p, beam_width, alphabet) for p in probs]}
    if naive: decoders[f'tutorial naive beam {beam_width}'] = lambda: [to_text(naive_beam(lp[:n], beam_width)[0]) for lp, n in zip(log_probs, lengths)]
    ref = [to_text(l) for l, _ in beam_decode(log_probs, lengths, beam_width=100, prune=0)]
    res = dict(data=name, sequences=N, frames=T, classes=C, reference='ctcocr beam 100, no pruning',
               short_cuts=short_cuts(log_probs, lengths), decoders={})
    print(f"{name:>10} short cuts: {res['short_cuts']}")
    for dname, decode in decoders.items(): res['decoders'][dname] = timed(name, dname, decode, ref, repeats, N)
    return res

def noisy_words(words, vocab, n, T, peak=8., noise=2.):
    "Logits (n, T, classes) of `n` random `words`, each character peaked on its frames, blank between, plus Gaussian noise"
    out = torch.randn(n, T, len(vocab)) * noise
    for i, j in enumerate(torch.randint(len(words), (n,)).tolist()):
        lab = vocab.encode(words[j]); seg = T // len(lab)
        out[i, :, 0] += peak
        for k, c in enumerate(lab): out[i, k * seg:k * seg + seg // 2, [0, c]] += torch.tensor([-peak, peak])
    return out

def lexicon_run(names, beam_width, repeats, bs=32, T=48):
    "ms per sequence of `ctc_decode` read batch by batch as a `Recognizer` reads, free and limited to the words `names`"
    vocab = Vocab.from_labels(names)
    lexicon = sorted(set(names))
    torch.manual_seed(0)
    batches = [noisy_words([w for w in lexicon if len(w) <= T // 2], vocab, bs, T) for _ in range(8)]
    res = dict(data='names lexicon', sequences=bs * len(batches), batch_size=bs, frames=T, classes=len(vocab), words=len(lexicon),
               emissions='noisy_words: random training names, peak 8, noise N(0, 2^2), seed 0',
               reference='ctcocr beam 100, no pruning, same lexicon', decoders={},
               short_cuts=short_cuts(torch.cat(batches).log_softmax(-1), torch.full((bs * len(batches),), T)))
    print(f"{'names':>10} short cuts: {res['short_cuts']}")
    for lex in (None, lexicon):
        dname = f"ctcocr beam {beam_width}" + ('' if lex is None else f", {len(lexicon)} words")
        ref = [t for b in batches for t, _ in ctc_decode(b, vocab, beam_width=100, lexicon=lex, prune=0)]
        decode = lambda: [t for b in batches for t, _ in ctc_decode(b, vocab, beam_width, lex)]
        res['decoders'][dname] = timed('names', dname, decode, ref, repeats, res['sequences'])
    return res

def captcha_outputs(model, data=None, seed=42):
    "Log-probabilities of the saved captcha `model` on the validation split of seed `seed`"
    rec = load_recognizer(model)
    files = image_files(captcha_path(data))
    valid = [files[i] for i in RandomSplitter(0.1, seed=seed)(files)[1]]
    with torch.no_grad(): out = rec.model(rec.preprocess([PILImage.create(f) for f in valid]))
    return F.log_softmax(out.float(), -1)

def line_outputs(model, data=None, seed=42):
    "Log-probabilities and output lengths of the saved line `model` on the validation pages of seed `seed`"
    rec = load_recognizer(model)
    files, _, pages = line_items(data or Path(os.environ['CTCOCR_DATA'])/'peraire_lines')
    valid = [files[i] for i in page_split(pages, seed=seed)[1]]
    outs, lengths = [], []
    with torch.no_grad():
        for i in range(0, len(valid), 32):
            out, lens = rec.model(*rec.preprocess([rec.load(f) for f in valid[i:i + 32]]))
            outs += list(F.log_softmax(out.float(), -1)); lengths += lens.tolist()
    return nn.utils.rnn.pad_sequence(outs, batch_first=True), torch.tensor(lengths)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--model', help='a captcha model saved by `ctcocr train captcha --out`')
    ap.add_argument('--data', help='captcha folder (default: $CTCOCR_DATA or fastai\'s data folder)')
    ap.add_argument('--lines-model', help='a line model saved by `ctcocr train lines --out`')
    ap.add_argument('--lines-data', help='line dataset folder (default: $CTCOCR_DATA/peraire_lines)')
    ap.add_argument('--names-lexicon', action='store_true', help='time a lexicon of the training names (from $CTCOCR_DATA/handwriting_names)')
    ap.add_argument('--beam-width', type=int, default=10)
    ap.add_argument('--repeats', type=int, default=5)
    ap.add_argument('--out', default='bench/results/decoding.json')
    args = ap.parse_args()
    torch.manual_seed(0)
    runs = [run('random', torch.randn(200, 100, 80).mul(3).log_softmax(-1), args.beam_width, args.repeats)]
    if args.lines_model:  # the naive search would take minutes on hundreds of frames
        log_probs, lengths = line_outputs(args.lines_model, args.lines_data)
        runs.insert(0, run('lines', log_probs, args.beam_width, args.repeats, lengths, naive=False))
    if args.names_lexicon:
        names = names_items(Path(os.environ['CTCOCR_DATA'])/'handwriting_names', 'train', verbose=False)[1]
        runs.append(lexicon_run(names, args.beam_width, args.repeats))
    if args.model: runs.insert(0, run('captcha', captcha_outputs(args.model, args.data), args.beam_width, args.repeats))
    write(args.out, dict(benchmark='decoding', machine=machine(), beam_width=args.beam_width,
                         random='200 sequences, T=100, 80 classes, logits N(0, 3^2), seed 0', runs=runs))
