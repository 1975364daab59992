"The `ctcocr` command end to end, as a user runs it"
import contextlib, fcntl, os, pty, shutil, struct, subprocess, termios, threading
from pathlib import Path
import pytest
from rapidfuzz.distance import Levenshtein
from conftest import run, ctcocr_bin

def _predicted(images, *models) -> list:
    "What `ctcocr predict` prints for the images in `images` with each of `models`"
    return [run([ctcocr_bin(), 'predict', str(m), str(images)]).stdout for m in models]

@pytest.fixture(scope='module')
def crnn_run(tiny_captchas, tmp_path_factory):
    "`ctcocr train captcha` for one epoch on the tiny captchas: its result and the model's folder"
    model = tmp_path_factory.mktemp('crnn')/'m'
    return run([ctcocr_bin(), 'train', 'captcha', '--data', str(tiny_captchas), '--epochs', '1', '--bs', '8', '--out', str(model)]), model

def test_train_captcha_crnn_prints_metrics_saves_and_predicts(crnn_run, tiny_captchas, tmp_path):
    r, model = crnn_run
    assert r.returncode == 0, r.stderr
    assert 'validation: 2 captchas (seed 42): seq_acc' in r.stdout and 'cer' in r.stdout, r.stdout  # 10% of 24
    assert '[0/' not in r.stdout and '█' not in r.stdout, r.stdout  # a log gets the epochs' table, not the progress bars
    preds = [l.split('\t') for l in r.stdout.splitlines() if l.count('\t') == 2]
    assert len(preds) == 2 and all(p.startswith(str(tiny_captchas)) and 0 <= float(c) <= 1 for p, _, c in preds)
    image = sorted(tiny_captchas.iterdir())[0]
    r = run([ctcocr_bin(), 'predict', str(model), str(image), '--beam-width', '3'])
    assert r.returncode == 0, r.stderr
    path, text, conf = r.stdout.strip().split('\t')
    assert path == str(image) and set(text) <= set('2345678bcdefgmnpwxy') and 0 <= float(conf) <= 1
    words = tmp_path/'words.txt'
    words.write_text(f'{image.stem}\nbbbbb\n')
    r = run([ctcocr_bin(), 'predict', str(model), str(image), '--lexicon', str(words)])
    assert r.returncode == 0, r.stderr
    path, text, conf = r.stdout.strip().split('\t')
    assert path == str(image) and (text in (image.stem, 'bbbbb') or (text, float(conf)) == ('', 0.0)), r.stdout
    free = run([ctcocr_bin(), 'predict', str(model), str(image)]).stdout.strip().split('\t')[1]
    r = run([ctcocr_bin(), 'predict', str(model), str(image), '--lexicon', str(words), '--oov-factor', '1e9'])
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().split('\t')[1] in (image.stem, 'bbbbb', free), r.stdout  # a word, unless none fits
    words.write_text('bbbbb\nBBBBB\n')
    r = run([ctcocr_bin(), 'predict', str(model), str(image), '--lexicon', str(words)])
    assert r.returncode == 2 and r.stdout == '', r.stdout
    assert f"{words}: lexicon words with characters the model cannot read (1 of 2): ['BBBBB']" in r.stderr and 'Traceback' not in r.stderr, r.stderr
    r = run([ctcocr_bin(), 'predict', str(model), str(image), '--lexicon', str(tmp_path/'none.txt')])
    assert r.returncode == 2 and f"lexicon file {tmp_path/'none.txt'} is missing" in r.stderr, r.stderr

def test_predict_into_a_pipe_closed_early_stops_quietly(crnn_run, tiny_captchas):
    "As in `ctcocr predict MODEL DIR | head -1`: the reader is gone, which is no error to report"
    _, model = crnn_run
    proc = subprocess.Popen([ctcocr_bin(), 'predict', str(model), str(tiny_captchas)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.close()  # before the first line is written
    err = proc.stderr.read()
    assert proc.wait(timeout=600) == 141 and err == '', err  # 128 + SIGPIPE, as `cat` gives; was 2 and "Broken pipe"

def test_predict_shows_progress_on_a_terminal_only(crnn_run, tiny_captchas):
    "tqdm's bar on stderr when stderr is a terminal (here a pseudo-terminal); stdout holds the readings alone, as without it"
    _, model = crnn_run
    cmd = [ctcocr_bin(), 'predict', str(model), str(tiny_captchas)]
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))  # 24 rows, 80 columns: tqdm draws nothing in 0
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=follower, text=True)
    os.close(follower)
    shown = []
    def drain():
        with contextlib.suppress(OSError):  # EIO once the command has closed its end
            while chunk := os.read(leader, 1 << 16): shown.append(chunk)
    reader = threading.Thread(target=drain); reader.start()
    out = proc.stdout.read()
    assert proc.wait(timeout=600) == 0
    reader.join(); os.close(leader)
    bar = b''.join(shown).decode()
    assert '/24 [' in bar and 'image/s]' in bar, bar
    plain = run(cmd)  # stderr a pipe: no bar
    assert (plain.stdout, plain.stderr) == (out, '') and out.count('\n') == 24, plain.stderr

def test_evaluate_scores_what_predict_reads(crnn_run, tiny_captchas, tmp_path):
    _, model = crnn_run
    d = tmp_path/'imgs'; d.mkdir()
    for f in tiny_captchas.iterdir(): (d/f.name).symlink_to(f)
    pred = run([ctcocr_bin(), 'predict', str(model), str(d)])
    assert pred.returncode == 0, pred.stderr
    read = {Path(p): t for p, t, _ in _predictions(pred.stdout)}
    (d/'notes.txt').write_text('not an image')
    r = run([ctcocr_bin(), 'evaluate', str(model), str(d)])  # the true texts: the file names
    assert r.returncode == 1 and f"{d/'notes.txt'}: cannot read image" in r.stderr and 'Traceback' not in r.stderr, r.stderr
    *misread, summary = r.stdout.splitlines()
    assert [tuple(l.split('\t')[:3]) for l in misread] == [(str(p), p.stem, t) for p, t in read.items() if t != p.stem]
    right = sum(t == p.stem for p, t in read.items())
    cer = sum(Levenshtein.distance(p.stem, t) for p, t in read.items()) / sum(len(p.stem) for p in read)
    assert summary.startswith(f'24 images (1 more could not be read), {right} read exactly: seq_acc {right / 24:.4f}, cer {cer:.4f}, wer {1 - right / 24:.4f}, sub_rate'), summary
    files = sorted(read)[:3]
    truth = tmp_path/'truth.tsv'
    truth.write_text('text\tfile\n' + ''.join(f'{t}\timgs/{f.name}\n' for t, f in zip([files[0].stem, files[1].stem, 'zz'], files)))
    r = run([ctcocr_bin(), 'evaluate', str(model), '--labels', str(truth)])
    assert r.returncode == 0, r.stderr
    assert f"{files[2]}\tzz\t{read[files[2]]}\t" in r.stdout and r.stdout.splitlines()[-1].startswith('3 images, '), r.stdout
    assert "true texts hold characters this model never reads, counted as errors: 'z'" in r.stderr, r.stderr
    truth.write_text(f'file\ttext\nimgs/{files[0].name}\tab\nimgs/{files[0].name}\tcd\n')
    r = run([ctcocr_bin(), 'evaluate', str(model), '--labels', str(truth)])
    assert r.returncode == 2 and f'truth.tsv, line 3: imgs/{files[0].name}' in r.stderr and r.stdout == '', r.stderr

def test_train_init_goes_on_from_a_saved_model(crnn_run, tiny_captchas, tmp_path):
    first, model = crnn_run
    final = next(l for l in first.stdout.splitlines() if l.startswith('validation: '))
    scores = final.split(': ', 2)[2].split(';')[0]  # 'seq_acc ..., cer ..., ...' of the saved model
    weights = (model/'model.safetensors').read_bytes()
    train = [ctcocr_bin(), 'train', 'captcha', '--data', str(tiny_captchas), '--epochs', '1', '--bs', '8', '--init', str(model)]
    r = run([*train, '--out', str(tmp_path/'again')])
    assert r.returncode == 0, r.stderr
    assert f'starting from {model}: {scores}\n' in r.stdout, (scores, r.stdout)
    assert (tmp_path/'again'/'model.safetensors').is_file() and (model/'model.safetensors').read_bytes() == weights
    assert f"model saved to {tmp_path/'again'}" in r.stdout or f"no epoch beat the validation cer of the model it started from: {tmp_path/'again'} holds that model" in r.stdout, r.stdout
    r = run([*train, '--lr', '1e8', '--out', str(tmp_path/'diverged')])  # no epoch is kept: the folder holds the model it started from
    assert r.returncode == 1 and f"stopped: the best model so far is in {tmp_path/'diverged'}" in r.stderr, r.stderr
    diverged, saved = _predicted(tiny_captchas, tmp_path/'diverged', model)
    assert diverged == saved
    more = tmp_path/'more'; shutil.copytree(tiny_captchas, more)
    shutil.copy(sorted(more.iterdir())[0], more/'aaaaa.png')  # 'a': no captcha character
    r = run([*train[:3], '--data', str(more), *train[5:], '--out', str(tmp_path/'more-model')])
    assert r.returncode == 0 and f"starting from {model}: seq_acc " in r.stdout and "; characters it starts to learn: 'a'\n" in r.stdout, r.stdout + r.stderr
    r = run([*train, '--out', str(model)])
    assert r.returncode == 2 and f'the run would save to {model}, the --init model: pass --out with another folder' in r.stderr, r.stderr
    r = run([*train, '--approach', 'flat'])
    assert r.returncode == 2 and f"{model} holds another model than the one to train: arch 'crnn' there, 'flat' here" in r.stderr, r.stderr
    assert 'Traceback' not in r.stderr and 'starting from' not in r.stdout, r.stderr
    r = run([*train[:-1], str(tmp_path/'none')])
    assert r.returncode == 2 and f"model folder {tmp_path/'none'} does not exist" in r.stderr, r.stderr

def test_train_init_of_a_classifier_keeps_the_model_it_starts_from(tiny_captchas, tmp_path):
    train = [ctcocr_bin(), 'train', 'captcha', '--approach', 'flat', '--data', str(tiny_captchas), '--epochs', '1', '--bs', '8']
    assert run([*train, '--out', str(tmp_path/'flat')]).returncode == 0
    r = run([*train, '--init', str(tmp_path/'flat'), '--out', str(tmp_path/'more')])
    assert r.returncode == 0 and f"starting from {tmp_path/'flat'}: char_accuracy " in r.stdout, r.stdout + r.stderr
    assert (f"model saved to {tmp_path/'more'}" in r.stdout  # ranked by character accuracy, higher is better
            or f"no epoch beat the validation char_accuracy of the model it started from: {tmp_path/'more'} holds that model" in r.stdout), r.stdout
    r = run([*train, '--init', str(tmp_path/'flat'), '--lr', '1e8', '--out', str(tmp_path/'diverged')])
    assert r.returncode == 1 and f"stopped: the best model so far is in {tmp_path/'diverged'}" in r.stderr, r.stderr
    read = _predicted(tiny_captchas, tmp_path/'flat', tmp_path/'diverged')
    assert read[0] == read[1] and read[0].count('\n') == 24

def test_a_run_that_diverges_exits_1_and_saves_nothing(tiny_captchas, tmp_path):
    for approach in ('crnn', 'flat'):  # the CTC loss and the classifiers' callback each find the NaN
        out = tmp_path/approach
        r = run([ctcocr_bin(), 'train', 'captcha', '--approach', approach, '--data', str(tiny_captchas), '--epochs', '1', '--bs', '8',
                 '--lr', '1e8', '--out', str(out)])
        assert r.returncode == 1 and 'ctcocr: error: training diverged: ' in r.stderr and 'try a lower --lr' in r.stderr, r.stderr
        assert f'stopped: no model saved to {out}' in r.stderr and 'Traceback' not in r.stderr and not out.exists(), r.stderr

def test_bad_data_folder_exits_2_naming_it(tmp_path):
    r = run([ctcocr_bin(), 'train', 'captcha', '--data', str(tmp_path/'nope')])
    assert r.returncode == 2
    assert f'{tmp_path}/nope does not exist' in r.stderr and 'Traceback' not in r.stderr, r.stderr

def test_unreadable_image_exits_2_naming_it(tiny_captchas, tmp_path):
    for f in tiny_captchas.iterdir(): (tmp_path/f.name).symlink_to(f)
    (tmp_path/'bbbbb.png').write_bytes(b'not an image')
    r = run([ctcocr_bin(), 'train', 'captcha', '--data', str(tmp_path), '--epochs', '1'])
    assert r.returncode == 2 and 'bbbbb.png' in r.stderr and 'Traceback' not in r.stderr, r.stderr

def test_train_saves_a_model_that_predict_reads(tiny_captchas, tmp_path):
    from PIL import Image
    model = tmp_path/'model'
    r = run([ctcocr_bin(), 'train', 'captcha', '--approach', 'pool_free', '--data', str(tiny_captchas), '--epochs', '1', '--bs', '8',
             '--out', str(model)])
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in model.iterdir()) == ['config.json', 'model.safetensors']
    imgs = tmp_path/'imgs'; imgs.mkdir()
    src = Image.open(sorted(tiny_captchas.iterdir())[0])
    src.convert('RGBA').save(imgs/'b_rgba.png')
    src.convert('L').save(imgs/'a_grey.png')
    src.convert('RGB').resize((517, 33)).save(imgs/'c_odd.jpg')
    (imgs/'d_notes.txt').write_text('not an image')
    (tmp_path/'empty').mkdir()
    r = run([ctcocr_bin(), 'predict', str(model), str(imgs), str(tmp_path/'missing.png'), str(tmp_path/'empty')])
    assert r.returncode == 1
    lines = [l.split('\t') for l in r.stdout.splitlines()]
    assert [p for p, _, _ in lines] == [str(imgs/'a_grey.png'), str(imgs/'b_rgba.png'), str(imgs/'c_odd.jpg')]
    assert all(len(t) == 5 and 0 <= float(c) <= 1 for _, t, c in lines)
    assert f"{imgs/'d_notes.txt'}: cannot read image" in r.stderr and f"{tmp_path/'missing.png'}: no such file" in r.stderr
    assert f"{tmp_path/'empty'}: folder holds no files" in r.stderr
    assert 'Traceback' not in r.stderr
    r = run([ctcocr_bin(), 'predict', str(model), str(imgs), '--beam-width', '3'])
    assert r.returncode == 2 and f"{model}: a beam width needs a CTC model" in r.stderr and r.stdout == '', r.stderr
    (tmp_path/'words.txt').write_text('bbbbb\n')
    r = run([ctcocr_bin(), 'predict', str(model), str(imgs), '--lexicon', str(tmp_path/'words.txt')])
    assert r.returncode == 2 and f"{tmp_path/'words.txt'}: a lexicon needs a CTC model" in r.stderr, r.stderr

def test_predict_with_a_broken_model_exits_2_naming_the_file(tmp_path):
    (tmp_path/'config.json').write_text('{}')
    (tmp_path/'model.safetensors').write_bytes(b'')
    r = run([ctcocr_bin(), 'predict', str(tmp_path), str(tmp_path)])
    assert r.returncode == 2 and f"{tmp_path/'config.json'} lacks" in r.stderr and 'Traceback' not in r.stderr, r.stderr

def _predictions(stdout): return [l.split('\t') for l in stdout.splitlines() if l.count('\t') == 2]

def test_train_names_keeps_the_best_model_and_predict_reads_it(tiny_names, tmp_path):
    out = tmp_path/'names'
    r = run([ctcocr_bin(), 'train', 'names', '--data', str(tiny_names), '--epochs', '2', '--bs', '8', '--out', str(out)])
    assert r.returncode == 0, r.stderr
    assert 'left out: 1 UNREADABLE, 1 empty' in r.stdout and 'validation: 16 images: seq_acc' in r.stdout, r.stdout
    scores = next(l for l in r.stdout.splitlines() if l.startswith('validation: ')).split(': ', 2)[2].split(';')[0]
    assert sorted(p.name for p in out.iterdir()) == ['config.json', 'log.csv', 'model.safetensors']
    assert len((out/'log.csv').read_text().splitlines()) == 3  # header and two epochs
    images = sorted((tiny_names/'validation_v2'/'validation').iterdir())
    r = run([ctcocr_bin(), 'predict', str(out), str(images[0].parent), '--beam-width', '4'])
    assert r.returncode == 0, r.stderr
    preds = _predictions(r.stdout)
    assert [p for p, _, _ in preds] == [str(f) for f in images]
    assert all(0 <= float(c) <= 1 for _, _, c in preds)
    table = tiny_names/'written_name_validation_v2.csv'
    r = run([ctcocr_bin(), 'evaluate', str(out), '--labels', str(table), '--beam-width', '4'])  # Kaggle's own table
    assert r.returncode == 0 and 'left out: 1 UNREADABLE, 1 empty' in r.stderr, r.stderr
    truth = {l.split(',')[0]: l.split(',')[1] for l in table.read_text().splitlines()[1:17]}  # the 16 named rows
    misread = [l.split('\t') for l in r.stdout.splitlines()[:-1]]
    assert all(Path(f).parent == images[0].parent and text == truth[Path(f).name] != got for f, text, got, _ in misread), r.stdout
    assert r.stdout.splitlines()[-1].startswith(f'16 images, {16 - len(misread)} read exactly: '), r.stdout
    more = [ctcocr_bin(), 'train', 'names', '--data', str(tiny_names), '--epochs', '1', '--bs', '8', '--init', str(out)]
    r = run([*more, '--out', str(tmp_path/'more')])
    assert r.returncode == 0, r.stderr
    assert f'starting from {out}: {scores}\n' in r.stdout, (scores, r.stdout)  # the saved model's scores: the best epoch's
    assert (f"model saved to {tmp_path/'more'}" in r.stdout or f"no epoch beat the validation cer of the model it started from: {tmp_path/'more'} holds that model" in r.stdout), r.stdout
    r = run([*more, '--lr', '1e8', '--out', str(tmp_path/'diverged')])  # no epoch is kept: the folder holds the model it started from
    assert r.returncode == 1 and f"stopped: the best model so far is in {tmp_path/'diverged'}" in r.stderr, r.stderr
    diverged, saved = _predicted(images[0].parent, tmp_path/'diverged', out)
    assert diverged == saved
    r = run([ctcocr_bin(), 'train', 'names', '--data', str(tiny_names), '--init', 'models/names'], cwd=tmp_path)  # saves to models/names
    assert r.returncode == 2 and 'the run would save to models/names, the --init model' in r.stderr, r.stderr

def test_train_names_that_diverges_says_no_model_was_saved(tiny_names, tmp_path):
    out = tmp_path/'names'
    r = run([ctcocr_bin(), 'train', 'names', '--data', str(tiny_names), '--epochs', '2', '--bs', '8', '--lr', '1e8', '--out', str(out)])
    assert r.returncode == 1 and 'ctcocr: error: training diverged: NaN in the model output' in r.stderr, r.stderr
    assert f'stopped: this run saved no model in {out}' in r.stderr and 'Traceback' not in r.stderr, r.stderr
    assert not (out/'model.safetensors').exists()

def test_train_lines_on_a_line_tsv(tiny_lines, tmp_path):
    r = run([ctcocr_bin(), 'train', 'lines', '--data', str(tiny_lines), '--epochs', '1', '--out', str(tmp_path/'lines')])
    assert r.returncode == 0, r.stderr
    assert 'validation: 6 images: seq_acc' in r.stdout, r.stdout  # one page of four held out
    assert len(_predictions(r.stdout)) == 5
    r = run([ctcocr_bin(), 'evaluate', str(tmp_path/'lines'), '--labels', str(tiny_lines/'labels.tsv')])  # the dataset's own table
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1].startswith('24 images, '), r.stdout

def test_train_names_with_a_missing_image_exits_2_naming_the_row(tiny_names, tmp_path):
    d = tmp_path/'names'; shutil.copytree(tiny_names, d)
    first = sorted((d/'train_v2'/'train').iterdir())[0]
    first.unlink()
    r = run([ctcocr_bin(), 'train', 'names', '--data', str(d), '--epochs', '1'])
    assert r.returncode == 2 and f'{first} does not exist' in r.stderr and 'line ' in r.stderr and 'Traceback' not in r.stderr, r.stderr

def _interrupt_after(args, log, rows):
    "Run `ctcocr args`, press Ctrl-C once `log` has `rows` epochs, and return its stderr"
    import signal, subprocess, time
    # a shell's background jobs start with SIGINT ignored, and Python then installs no KeyboardInterrupt
    # handler: give the child the default disposition, as a terminal would (CI may run in the background)
    p = subprocess.Popen([ctcocr_bin(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 300
    while time.time() < deadline and p.poll() is None:
        if log.is_file() and len(log.read_text().splitlines()) > rows: break
        time.sleep(0.2)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=120)
    epochs = lambda: len(log.read_text().splitlines()) - 1 if log.is_file() else None  # read only when the assert fails
    assert p.returncode == 130, f"exit {p.returncode}, {epochs()} epochs logged; stderr: {err[-2000:]}; stdout: {out[-2000:]}"
    assert 'Traceback' not in err, err
    return err

def test_ctrl_c_leaves_the_best_model_loadable(tiny_names, tmp_path):
    # of 100 epochs, the first 25 run at half the frame rate (CoarseStart) and save nothing: all of
    # these 64 names fit half the frames of their trimmed 40 px images, over the 80% that adds CoarseStart
    out = tmp_path/'names'
    args = ['train', 'names', '--data', str(tiny_names), '--epochs', '100', '--bs', '8', '--out', str(out)]
    err = _interrupt_after(args, out/'log.csv', 1)
    assert f'interrupted: this run saved no model in {out}' in err, err
    assert not (out/'model.safetensors').exists()
    err = _interrupt_after(args, out/'log.csv', 26)
    assert f'interrupted: the best model so far is in {out}' in err, err
    r = run([ctcocr_bin(), 'predict', str(out), str(tiny_names/'validation_v2'/'validation')])
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 16

def test_export_writes_an_onnx_file_that_predict_onnx_reads_alike(crnn_run, tiny_captchas, tmp_path):
    _, trained = crnn_run
    model = tmp_path/'m'; shutil.copytree(trained, model)
    r = run([ctcocr_bin(), 'predict', str(model), str(tiny_captchas), '--onnx'])
    assert r.returncode == 2 and f"ONNX file {model/'model.onnx'} is missing" in r.stderr and r.stdout == '', r.stderr
    r = run([ctcocr_bin(), 'export', str(model)])
    assert r.returncode == 0 and r.stdout.startswith(f"exported to {model/'model.onnx'}: ONNX Runtime's scores are within "), r.stdout + r.stderr
    assert sorted(p.name for p in model.iterdir()) == ['config.json', 'model.onnx', 'model.safetensors']
    torch_read, onnx_read = (run([ctcocr_bin(), 'predict', str(model), str(tiny_captchas), *flag]) for flag in ([], ['--onnx']))
    assert onnx_read.returncode == 0, onnx_read.stderr
    a, b = _predictions(torch_read.stdout), _predictions(onnx_read.stdout)
    assert len(a) == 24 and [p[:2] for p in a] == [p[:2] for p in b], (a, b)
    assert max(abs(float(x[2]) - float(y[2])) for x, y in zip(a, b)) <= 2e-4
    r = run([ctcocr_bin(), 'export', str(model), '--out', str(tmp_path/'no'/'m.onnx')])
    assert r.returncode == 2 and f"folder for the ONNX file {tmp_path/'no'} does not exist" in r.stderr and 'Traceback' not in r.stderr, r.stderr
    r = run([ctcocr_bin(), 'export', str(model), '--out', str(tmp_path/'m.onnx')])
    assert r.returncode == 0 and (tmp_path/'m.onnx').is_file(), r.stderr
