"ctcocr's prefix beam search against fast-ctc-decode, a compiled (Rust) CTC beam search"
import numpy as np, pytest, torch
import fast_ctc_decode
from ctcocr.ctc import beam_decode

def agreement(log_probs, beam_width=10):
    "Share of the sequences where both beam searches read the same text"
    alphabet = ['-'] + [chr(0x4e00 + i) for i in range(log_probs.shape[-1] - 1)]
    ours = [''.join(alphabet[c] for c in lab) for lab, _ in beam_decode(log_probs, beam_width=beam_width)]
    theirs = [fast_ctc_decode.beam_search(p, alphabet, beam_size=beam_width, beam_cut_threshold=1e-3)[0]
              for p in log_probs.exp().numpy().astype(np.float32)]
    return np.mean([a == b for a, b in zip(ours, theirs)])

@pytest.mark.parametrize('T,C,scale', [(13, 20, 6), (100, 80, 3), (60, 30, 1)])
def test_agrees_with_fast_ctc_decode(T, C, scale):
    log_probs = torch.randn(100, T, C, generator=torch.Generator().manual_seed(T)).mul(scale).log_softmax(-1)
    assert agreement(log_probs) >= 0.97
