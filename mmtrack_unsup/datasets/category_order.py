"""The categories of a COCO / CocoVID / YouTube-VIS json, read without
parsing the whole file (COCO's instances_train2017.json is 450 MB), and the
class each label of an mmdet dataset stands for."""
import json
from typing import Dict, List

from mmtrack_unsup.utils import DataFormatError

KEY = b'"categories"'


def _decode_list(text: str):
    start = text.find('[')
    if start < 0 or text[:start].strip(' \t\r\n:') != '':
        return None
    try:
        value, _ = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError:
        return None
    if isinstance(value, list) and all(
            isinstance(c, dict) and 'id' in c and 'name' in c
            for c in value):
        return value
    return None


def read_categories(path: str, chunk: int = 1 << 24,
                    window: int = 1 << 20) -> Dict[int, str]:
    """``{category id: name}`` of the json at ``path``, in the file's order.

    Scans the file for the ``"categories"`` key and decodes only the list
    after it; a file without a valid list there is a
    :class:`DataFormatError`.
    """
    with open(path, 'rb') as f:
        offset, tail = 0, b''
        while True:
            block = f.read(chunk)
            data = tail + block
            pos = data.find(KEY)
            while pos >= 0:
                here = f.tell()
                f.seek(offset - len(tail) + pos + len(KEY))
                cats = _decode_list(f.read(window).decode('utf-8', 'replace'))
                f.seek(here)
                if cats is not None:
                    return {int(c['id']): str(c['name']) for c in cats}
                pos = data.find(KEY, pos + 1)
            if not block:
                break
            offset += len(block)
            tail = data[-len(KEY):]
    raise DataFormatError(path, 'no "categories" list of {id, name}')


def label_names(dataset) -> List[str]:
    """The category name each label of an mmdet COCO-style dataset stands
    for: mmdet numbers labels in the annotation file's category order
    (``dataset.cat_ids``), whatever order ``metainfo['classes']`` lists."""
    names = read_categories(dataset.ann_file)
    return [names[c] for c in dataset.cat_ids]
