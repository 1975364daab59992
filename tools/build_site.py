"""Build the tutorial site without Quarto: nbdev's processed notebooks rendered by MkDocs.

`python tools/build_site.py [--out DIR]` (or `make site`) writes the site to DIR (default `site/`); open
DIR/index.html. Users with Quarto can still run `nbdev_docs`: this follows the same steps up to
Quarto. nbdev's processors (`nbdev.serve.proc_nbs`) write `_proc/`: frontmatter from each notebook's
title, exported and hidden cells removed, `show_doc` run, names linked to their docs. Quarto would
then read the cell directives left in `_proc/`; here they become mkdocs-jupyter tags, and the
pages are named as Quarto names them (`00_data.ipynb` -> `data.html`).
"""
import argparse, re, shutil, sys, tempfile, time
from pathlib import Path
import nbformat, yaml

ROOT = Path(__file__).resolve().parent.parent
REMOVE_INPUT, REMOVE_OUTPUT = 'site-remove-input', 'site-remove-output'  # tags that mkdocs.yml hands to mkdocs-jupyter

def process_notebooks(n_workers=2) -> Path:
    "Run nbdev's docs processors on nbs/ into _proc/ (what `nbdev_proc_nbs` does after trying to install Quarto)"
    from nbdev.serve import proc_nbs
    return proc_nbs(n_workers=n_workers, force=True)

def directives(source):
    "Quarto cell options (`#| key: value` lines) of a cell, and its source without them"
    opts, keep = {}, []
    for line in source.splitlines():
        m = re.match(r'#\|\s*([\w-]+)\s*:?\s*(.*)$', line)
        if m: opts[m[1]] = m[2].strip().strip('"').lower()
        else: keep.append(line)
    return opts, '\n'.join(keep).strip()

def pandoc_links(md):
    "Markdown links with Pandoc attributes, as `show_doc` writes them for Quarto, as HTML links"
    return re.sub(r'\[([^\]]+)\]\(([^)\s]+)\)\{([^}]*)\}', r'<a href="\2" \3>\1</a>', md)

def method_anchors(md):
    "An `id` for each `### Class.method` heading of a `show_doc`, as Quarto gives it (`class.method`) and nbdev links to it; nbconvert's drops the dot"
    return re.sub(r'^#{2,4} (\w+\.\w+)$', lambda m: f'<a id="{m[1].lower()}"></a>\n\n{m[0]}', md, flags=re.M)

def to_page(nb, base_url):
    "Apply the cell options Quarto would, as tags mkdocs-jupyter understands, to `nb`; return its (title, page name)"
    raw = nb.cells.pop(0) if nb.cells and nb.cells[0].cell_type == 'raw' else None
    fm = yaml.safe_load(raw.source.strip().strip('-')) if raw else {}
    cells = [] if 'title' not in fm else [nbformat.v4.new_markdown_cell(
        f"# {fm['title']}" + (f"\n\n> {fm['description']}" if fm.get('description') else ''))]
    for c in nb.cells:
        if 'source' not in c or (c.cell_type == 'markdown' and not c.source.strip()): continue  # removed by nbdev
        opts, c.source = directives(c.source) if c.cell_type == 'code' else ({}, c.source)
        tags = c.metadata.setdefault('tags', [])
        if opts.get('include') == 'false' or (c.cell_type == 'code' and not c.source and not c.get('outputs')): continue
        if opts.get('echo') == 'false' or not c.source: tags.append(REMOVE_INPUT)
        if opts.get('output') == 'false': tags.append(REMOVE_OUTPUT)
        if c.cell_type == 'markdown': c.source = c.source.replace(base_url, '')
        for o in c.get('outputs', []):
            if 'text/markdown' in o.get('data', {}): o.data['text/markdown'] = method_anchors(pandoc_links(''.join(o.data['text/markdown']).replace(base_url, '')))
        cells.append(c)
    nb.cells = cells
    return fm.get('title', 'ctcocr'), Path(fm.get('output-file', 'index.html')).stem

def build(out: Path, n_workers=2):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from nbdev.config import get_config
    cfg = get_config()
    base_url = cfg.doc_host.rstrip('/') + cfg.doc_baseurl.rstrip('/') + '/'  # nbdev links names to the published site
    proc = process_notebooks(n_workers)
    src = Path(tempfile.mkdtemp())  # mkdocs' docs_dir: the pages as notebooks, and the assets
    shutil.copytree(ROOT/'tools'/'site_assets', src, dirs_exist_ok=True)
    notebooks = sorted(proc.glob('*.ipynb'), key=lambda p: (p.name != 'index.ipynb', p.name))  # nbdev's sidebar order
    nav = []
    for p in notebooks:
        nb = nbformat.read(p, as_version=4)
        title, stem = to_page(nb, base_url)
        nbformat.write(nb, src/f'{stem}.ipynb')
        nav.append({title: f'{stem}.ipynb'})
    config = load_config(str(ROOT/'mkdocs.yml'), docs_dir=str(src), site_dir=str(out.resolve()), nav=nav)
    try: mkdocs_build(config)
    finally: shutil.rmtree(src)
    return nav

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', default=str(ROOT/'site'), help='folder for the site (default: site/)')
    ap.add_argument('--workers', type=int, default=2, help='notebooks processed in parallel')
    args = ap.parse_args()
    start = time.time()
    nav = build(Path(args.out), args.workers)
    print(f'{len(nav)} pages in {args.out} in {time.time() - start:.0f} s', file=sys.stderr)
