"The `ctcocr` command end to end, as a user runs it"
from conftest import run, ctcocr_bin

def test_train_captcha_prints_metrics_and_predictions(tiny_captchas):
    r = run([ctcocr_bin(), 'train', 'captcha', '--data', str(tiny_captchas), '--epochs', '1', '--bs', '8'])
    assert r.returncode == 0, r.stderr
    assert 'validation: 2 captchas (seed 42), captcha accuracy' in r.stdout, r.stdout  # 10% of 24, rounded down
    preds = [l.split('\t') for l in r.stdout.splitlines() if l.count('\t') == 2]
    assert len(preds) == 2
    for path, text, conf in preds:
        assert path.startswith(str(tiny_captchas)) and len(text) == 5 and 0 <= float(conf) <= 1

def test_bad_data_folder_exits_2_naming_it(tmp_path):
    r = run([ctcocr_bin(), 'train', 'captcha', '--data', str(tmp_path/'nope')])
    assert r.returncode == 2
    assert f'{tmp_path}/nope does not exist' in r.stderr and 'Traceback' not in r.stderr, r.stderr

def test_unreadable_image_exits_2_naming_it(tiny_captchas, tmp_path):
    for f in tiny_captchas.iterdir(): (tmp_path/f.name).symlink_to(f)
    (tmp_path/'bbbbb.png').write_bytes(b'not an image')
    r = run([ctcocr_bin(), 'train', 'captcha', '--data', str(tmp_path), '--epochs', '1'])
    assert r.returncode == 2 and 'bbbbb.png' in r.stderr and 'Traceback' not in r.stderr, r.stderr
