"The installed package: version, modules, console script"
import configparser, importlib, importlib.metadata, sys
import ctcocr
from conftest import ROOT, run, ctcocr_bin

def _settings():
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini')
    return cfg['DEFAULT']

def test_version_matches_settings():
    assert ctcocr.__version__ == _settings()['version']

def test_python_floor_stated_once():
    "The README names settings.ini's min_python, the installed package requires it, and this Python meets it"
    floor = _settings()['min_python']
    assert f"with Python {floor}+" in (ROOT/'README.md').read_text(encoding='utf-8')
    assert importlib.metadata.metadata('ctcocr')['Requires-Python'] == f'>={floor}'
    assert sys.version_info[:2] >= tuple(map(int, floor.split('.')))

def test_every_module_imports_and_exports():
    names = sorted(f.stem for f in (ROOT/'ctcocr').glob('*.py') if not f.stem.startswith('_'))
    assert len(names) == len(list((ROOT/'nbs').glob('[0-9][0-9]_*.ipynb'))), names  # a module for each numbered notebook
    for name in names:
        mod = importlib.import_module(f'ctcocr.{name}')
        assert mod.__all__ and all(hasattr(mod, o) for o in mod.__all__), name

def test_console_script():
    r = run([ctcocr_bin(), '--help'])
    assert r.returncode == 0 and 'train' in r.stdout, r.stderr
