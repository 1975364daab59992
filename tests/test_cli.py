"The `ctcocr` command end to end, as a user runs it"
from conftest import run, ctcocr_bin

def test_train_captcha_crnn_prints_metrics_saves_and_predicts(tiny_captchas, tmp_path):
    r = run([ctcocr_bin(), 'train', 'captcha', '--data', str(tiny_captchas), '--epochs', '1', '--bs', '8', '--out', str(tmp_path/'m')])
    assert r.returncode == 0, r.stderr
    assert 'validation: 2 captchas (seed 42): seq_acc' in r.stdout and 'cer' in r.stdout, r.stdout  # 10% of 24
    preds = [l.split('\t') for l in r.stdout.splitlines() if l.count('\t') == 2]
    assert len(preds) == 2 and all(p.startswith(str(tiny_captchas)) and 0 <= float(c) <= 1 for p, _, c in preds)
    image = sorted(tiny_captchas.iterdir())[0]
    r = run([ctcocr_bin(), 'predict', str(tmp_path/'m'), str(image), '--beam-width', '3'])
    assert r.returncode == 0, r.stderr
    path, text, conf = r.stdout.strip().split('\t')
    assert path == str(image) and set(text) <= set('2345678bcdefgmnpwxy') and 0 <= float(conf) <= 1

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
    r = run([ctcocr_bin(), 'predict', str(model), str(imgs), str(tmp_path/'missing.png')])
    assert r.returncode == 1
    lines = [l.split('\t') for l in r.stdout.splitlines()]
    assert [p for p, _, _ in lines] == [str(imgs/'a_grey.png'), str(imgs/'b_rgba.png'), str(imgs/'c_odd.jpg')]
    assert all(len(t) == 5 and 0 <= float(c) <= 1 for _, t, c in lines)
    assert f"{imgs/'d_notes.txt'}: cannot read image" in r.stderr and f"{tmp_path/'missing.png'}: no such file" in r.stderr
    assert 'Traceback' not in r.stderr

def test_predict_with_a_broken_model_exits_2_naming_the_file(tmp_path):
    (tmp_path/'config.json').write_text('{}')
    (tmp_path/'model.safetensors').write_bytes(b'')
    r = run([ctcocr_bin(), 'predict', str(tmp_path), str(tmp_path)])
    assert r.returncode == 2 and f"{tmp_path/'config.json'} lacks" in r.stderr and 'Traceback' not in r.stderr, r.stderr
