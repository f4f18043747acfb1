"""The documentation: every relative link of every markdown file resolves
(the file, and the heading an anchor names), and the per-method pages stay
the one page mmdet's are."""
import glob
import os
import os.path as osp
import re

import pytest

from conftest import REPO

LINK = re.compile(r'\[[^\]]*\]\(([^)\s]+)\)')
SKIP_DIRS = ('work_dirs', 'data', '.git', 'build', '.gpu')


def markdown_files():
    out = []
    for root, dirs, files in os.walk(REPO):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and
                   not d.startswith('.') and not d.endswith('.egg-info')]
        out += [osp.join(root, f) for f in files if f.endswith('.md')]
    return sorted(out)


def github_anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped,
    spaces to hyphens."""
    text = re.sub(r'[`*_]', '', heading.strip().lower())
    text = re.sub(r'[^\w\- ]', '', text)
    return text.replace(' ', '-')


def anchors(path: str) -> set:
    with open(path, encoding='utf-8') as f:
        text = re.sub(r'```.*?```', '', f.read(), flags=re.S)
    return {github_anchor(m) for m in re.findall(r'^#+ (.+)$', text, re.M)}


def test_github_anchor_by_hand():
    assert github_anchor("IC + ME with the embedding detached from SOLO's "
                         'features (a deviation)') == (
        'ic--me-with-the-embedding-detached-from-solos-features-a-deviation')
    assert github_anchor('Results: synthetic pose videos, 3 seeds') == (
        'results-synthetic-pose-videos-3-seeds')


@pytest.mark.parametrize('path', markdown_files(),
                         ids=lambda p: osp.relpath(p, REPO))
def test_relative_links_resolve(path):
    with open(path, encoding='utf-8') as f:
        text = re.sub(r'```.*?```', '', f.read(), flags=re.S)
    broken = []
    for target in LINK.findall(text):
        if re.match(r'[a-z]+:', target):  # http:, https:, mailto:
            continue
        file, _, anchor = target.partition('#')
        dest = osp.normpath(osp.join(osp.dirname(path), file)) if file \
            else path
        if not osp.exists(dest):
            broken.append(f'{target}: no {osp.relpath(dest, REPO)}')
        elif anchor and dest.endswith('.md') and anchor not in anchors(dest):
            broken.append(f'{target}: no heading #{anchor}')
    assert not broken, f'{osp.relpath(path, REPO)}: ' + '; '.join(broken)


def test_method_pages_are_one_page():
    """configs/<method>/README.md is the page mmdet's are (abstract, results
    with their commands, how to train and test, citation); the experiment
    record lives in docs/<method>/."""
    pages = glob.glob(osp.join(REPO, 'configs', '*', 'README.md'))
    assert len(pages) >= 6
    too_long = {osp.relpath(p, REPO): osp.getsize(p) for p in pages
                if osp.getsize(p) > 6500}
    assert not too_long, too_long
    for page in pages:
        text = open(page, encoding='utf-8').read()
        assert '```bibtex' in text, f'{page}: no citation'
