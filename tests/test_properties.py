"Property-based tests (Hypothesis): the CTC decoders against brute force, the edit counts against their definition, label tables against Python's csv module"
import csv, math, tempfile
from pathlib import Path
import numpy as np, torch
from hypothesis import assume, given, strategies as st
from hypothesis.extra.numpy import arrays
from ctcocr.ctc import beam_decode, brute_force_decode, edit_counts, greedy_decode, labelling_probs, min_frames, text_scores
from ctcocr.data import Vocab, breaks_line, line_items, nfc, page_split

@st.composite
def emissions(draw, max_frames=5, max_classes=4):
    "Log-probabilities (T, C) of a tiny output: few frames and classes, so that every path can be summed; whole-number logits make ties likely"
    T, C = draw(st.integers(1, max_frames)), draw(st.integers(2, max_classes))
    logits = draw(st.one_of(arrays(np.float64, (T, C), elements=st.integers(-3, 3).map(float)),
                            arrays(np.float64, (T, C), elements=st.floats(-30, 30))))
    return torch.from_numpy(logits).log_softmax(-1)

labellings = st.lists(st.integers(1, 3), max_size=6).map(tuple)  # classes 1 to 3 of 4, 0 the blank

@given(emissions())
def test_wide_beam_finds_the_most_probable_labelling(lp):
    _, p_best = brute_force_decode(lp)
    lab, p = beam_decode(lp[None], beam_width=lp.shape[1] ** lp.shape[0], prune=0)[0]
    # on a tie either labelling is right: compare probabilities, each labelling's summed over all its paths
    assert math.isclose(labelling_probs(lp[None], [lab])[0], p_best, rel_tol=1e-9, abs_tol=1e-12)
    assert p <= p_best + 1e-12  # the confidence never overstates it

@given(emissions(), st.lists(labellings, min_size=1, max_size=4))
def test_lexicon_search_finds_the_most_probable_word(lp, words):
    words = [w for w in words if w and max(w) < lp.shape[1]]
    assume(words)
    probs = labelling_probs(lp[None].expand(len(words), -1, -1), words)
    lab, p = beam_decode(lp[None], beam_width=64, lexicon=words)[0]
    if max(probs) == 0: assert (lab, p) == ((), 0.); return  # no word fits these frames: nothing read
    assert lab in words
    assert math.isclose(probs[words.index(lab)], max(probs), rel_tol=1e-9, abs_tol=1e-12)

@given(emissions())
def test_greedy_reads_the_best_path(lp):
    (lab, p), = greedy_decode(lp[None])
    assert math.isclose(p, lp.max(-1).values.sum().exp().item(), rel_tol=1e-12)
    assert labelling_probs(lp[None], [lab])[0] >= p * (1 - 1e-9)  # the best path is one of its labelling's paths

@given(labellings)
def test_min_frames_is_the_fewest_a_labelling_fits(lab):
    def fits(T): return labelling_probs(torch.full((1, T, 4), -math.log(4), dtype=torch.float64), [lab])[0] > 0
    n = min_frames(lab)
    assert fits(max(n, 1))
    if n > 1: assert not fits(n - 1)

texts = st.text(st.characters(codec='utf-8', exclude_categories=('Cs',)), max_size=12)

@given(texts, texts)
def test_edit_counts_add_up(ref, hyp):
    c = edit_counts(ref, hyp)
    assert len(ref) - c['dels'] + c['ins'] == len(hyp)  # a deletion takes a character of ref away, an insertion adds one of hyp
    assert (c['sub'] + c['dels'] + c['ins'] == 0) == (ref == hyp) == bool(c['exact'])
    assert c['sub'] + c['dels'] + c['ins'] <= max(len(ref), len(hyp))

@given(st.lists(st.tuples(texts, texts), min_size=1, max_size=5))
def test_cer_is_its_three_rates(pairs):
    s = text_scores(*zip(*pairs))
    if any(r for r, _ in pairs):
        assert math.isclose(s['cer'], s['sub_rate'] + s['del_rate'] + s['ins_rate'], rel_tol=1e-12)
    else: assert math.isnan(s['cer'])  # no true character to score
    assert s['seq_acc'] == sum(r == h for r, h in pairs) / len(pairs)

@given(st.text(st.sampled_from('abcé5 -'), max_size=10))
def test_vocab_round_trip(text):
    vocab = Vocab('abcé5 -')
    assert all(c > 0 for c in vocab.encode(text)) and vocab.decode(vocab.encode(text)) == text

line_texts = texts.filter(lambda t: t.strip() and not breaks_line(t))

@given(st.lists(line_texts, min_size=1, max_size=4))
def test_labels_tsv_reads_what_csv_writes(labels):
    "`line_items` reads a labels.tsv as Python's csv module (and so pandas and spreadsheets) writes it, quotes, spaces and all"
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        with open(d/'labels.tsv', 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f, delimiter='\t')
            w.writerow(['file', 'text', 'page'])
            for i, t in enumerate(labels):
                (d/f'{i}.png').touch()
                w.writerow([f'{i}.png', t, i % 2])
        files, read, pages = line_items(d)
    assert read == [nfc(t) for t in labels]
    assert [f.name for f in files] == [f'{i}.png' for i in range(len(labels))] and pages == [str(i % 2) for i in range(len(labels))]

@given(st.lists(st.sampled_from('ABCDEFGH'), min_size=2).filter(lambda p: len(set(p)) > 1), st.floats(0.01, 0.99), st.integers(0, 2**32))
def test_page_split_keeps_each_page_on_one_side(pages, valid_pct, seed):
    train, valid = page_split(pages, valid_pct, seed)
    assert train and valid and sorted(train + valid) == list(range(len(pages)))
    assert not {pages[i] for i in train} & {pages[i] for i in valid}
