"""Resolve a git merge conflict in a .po catalogue: keep every translation from both sides.

Usage (during a conflicted merge): python tools/merge_po.py path/to/django.po
Takes "ours" (:2) and "theirs" (:3) from the index, writes their union (theirs wins on
equal msgids only when ours is untranslated). Re-run makemessages + compilemessages after.
"""

import subprocess
import sys

import polib


def _stage(path: str, n: int) -> polib.POFile:
    text = subprocess.run(
        ["git", "show", f":{n}:{path}"], capture_output=True, text=True, check=True
    ).stdout
    return polib.pofile(text)


def main(path: str) -> int:
    ours, theirs = _stage(path, 2), _stage(path, 3)
    known = {(e.msgctxt, e.msgid): e for e in ours}
    for entry in theirs:
        key = (entry.msgctxt, entry.msgid)
        if key not in known:
            ours.append(entry)
        elif not known[key].translated() and entry.translated():
            known[key].msgstr = entry.msgstr
            known[key].msgstr_plural = entry.msgstr_plural
    ours.save(path)
    subprocess.run(["git", "add", path], check=True)
    print(f"merged {path}: {len(ours)} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
