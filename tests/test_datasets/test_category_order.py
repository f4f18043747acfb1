"""Categories read from the middle or the end of a large json."""
import json

import pytest

from mmtrack_unsup.datasets.category_order import read_categories
from mmtrack_unsup.utils import DataFormatError


def test_categories_at_the_end_after_many_blocks(tmp_path):
    """COCO lists categories last; a small chunk size makes the key straddle
    block boundaries; a "categories" string in a caption is not the key."""
    path = tmp_path / 'instances.json'
    data = dict(info=dict(description='has "categories" in it'),
                images=[dict(id=i, file_name=f'{i}.jpg') for i in range(300)],
                categories=[dict(id=3, name='car'), dict(id=1,
                                                         name='person')])
    path.write_text(json.dumps(data))
    for chunk in (7, 64, 1 << 20):
        assert read_categories(str(path), chunk=chunk) == {3: 'car',
                                                           1: 'person'}
    # insertion order is the file's order
    assert list(read_categories(str(path))) == [3, 1]


def test_categories_in_the_middle_and_missing(tmp_path):
    path = tmp_path / 'train.json'
    path.write_text(json.dumps(dict(videos=[], categories=[
        dict(id=1, name='person', supercategory='x')], annotations=[])))
    assert read_categories(str(path)) == {1: 'person'}
    bad = tmp_path / 'bad.json'
    bad.write_text(json.dumps(dict(images=[], categories='none')))
    with pytest.raises(DataFormatError, match='bad.json.*categories'):
        read_categories(str(bad))
