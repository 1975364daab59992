"""The tutorial site: built offline by tools/build_site.py, then read page by page in headless Chromium.

Debian's chromium (`make test` installs it when missing and it runs as root), driven by Playwright,
which starts it with a new empty profile and must never download a browser of its own.
Screenshots of the home page and the CRNN page are saved to test-artifacts/.
"""
import ast, functools, http.server, re, shutil, subprocess, sys, threading
from pathlib import Path
from urllib.parse import urldefrag, urlparse
import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
# Without the networking flags Chromium stalls on this machine's refused connections
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync']
ARTIFACTS = ROOT/'test-artifacts'

@functools.cache
def html(path: Path) -> str: return path.read_text()  # each page read once, however many links name it

def page_name(nb: Path) -> str:
    "The page nbdev (and tools/build_site.py) makes of notebook `nb`: `03_crnn.ipynb` -> `crnn.html`"
    return re.sub(r'^\d+[a-zA-Z0-9]*_', '', nb.stem.lower()) + '.html'

PAGES = [page_name(p) for p in sorted((ROOT/'nbs').glob('*.ipynb'), key=lambda p: (p.name != 'index.ipynb', p.name))]

@pytest.fixture(scope='module')
def site(tmp_path_factory):
    "The built site, served on localhost: (base URL, folder)"
    out = tmp_path_factory.mktemp('site')
    subprocess.run([sys.executable, str(ROOT/'tools'/'build_site.py'), '--out', str(out)], check=True, cwd=ROOT)
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f'http://127.0.0.1:{server.server_port}/', out
    server.shutdown()

@pytest.fixture(scope='module')
def browser():
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)  # Playwright gives it a new empty --user-data-dir
        yield b
        b.close()

def test_pages_in_notebook_order(site):
    base, out = site
    assert sorted(p.name for p in out.glob('*.html') if p.name != '404.html') == sorted(PAGES)
    nav = re.findall(r'<a href="([\w.]+\.html)" class="md-nav__link', (out/'index.html').read_text())
    assert list(dict.fromkeys(n for n in nav if n in PAGES)) == PAGES

def test_home_page_is_the_readme(site):
    _, out = site
    home = (out/'index.html').read_text()
    for heading in re.findall(r'^## (.+)$', (ROOT/'README.md').read_text(), flags=re.M):
        assert heading.replace('&', '&amp;') in home, heading

def test_every_export_documented(site):
    "`show_doc` output for every function and class the notebooks export, where nbdev's index links it"
    _, out = site
    syms = ast.literal_eval((ROOT/'ctcocr'/'_modidx.py').read_text().split('d = ', 1)[1])['syms']
    docs = {name: url for names in syms.values() for name, (url, _) in names.items() if name.count('.') == 2 and not name.split('.')[-1].startswith('_')}  # public functions and classes
    assert len(docs) > 40
    for name, url in docs.items():
        page, anchor = url.split('#')
        assert f'id="{anchor}"' in html(out/page), f'{name}: no API docs at {url}'

@pytest.mark.parametrize('page', PAGES)
def test_page_in_browser(site, browser, page):
    base, out = site
    tab = browser.new_page(viewport={'width': 1280, 'height': 900})
    errors = []
    tab.on('console', lambda m: m.type == 'error' and errors.append(f'console: {m.text}'))
    tab.on('pageerror', lambda e: errors.append(f'page error: {e}'))
    tab.on('requestfailed', lambda r: errors.append(f'request failed: {r.url}'))
    assert tab.goto(base + page, wait_until='load').ok
    tab.wait_for_load_state('networkidle')
    assert not errors, errors
    # every image drawn, with a size
    images = tab.eval_on_selector_all('img', 'els => els.map(e => [e.src.slice(0, 60), e.complete, e.naturalWidth, e.naturalHeight])')
    assert all(ok and w > 0 and h > 0 for _, ok, w, h in images), [i for i in images if not (i[1] and i[2] and i[3])]
    # code and its outputs
    assert tab.locator('.jp-CodeCell').count() > 0, 'no code cells'
    assert tab.locator('.jp-OutputArea-output').count() > 0, 'no outputs'
    assert '{target=' not in tab.inner_text('body'), 'Quarto link attributes shown as text'
    # every internal link: a page that exists, and the anchor it names
    links = tab.eval_on_selector_all('a[href]', 'els => els.map(e => e.href)')
    for link in {l for l in links if urlparse(l).netloc == urlparse(base).netloc}:
        url, anchor = urldefrag(link)
        target = out/(urlparse(url).path.lstrip('/') or 'index.html')
        if target.is_dir(): target = target/'index.html'
        assert target.is_file(), f'{page}: broken link {link}'
        if anchor and target.suffix == '.html':
            assert f'id="{anchor}"' in html(target), f'{page}: no anchor #{anchor} in {target.name} ({link})'
    if page in ('index.html', 'crnn.html'):
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS/f'site-{Path(page).stem}.png'))
    tab.close()
