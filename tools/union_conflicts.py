"""Resolve "both sides appended" merge conflicts by keeping ours, then theirs.

Usage: python tools/union_conflicts.py FILE... (only for files where both sides add
independent blocks, e.g. settings sections or factory sections; read the result).
"""

import re
import sys

CONFLICT = re.compile(r"<<<<<<< [^\n]*\n(.*?)=======\n(.*?)>>>>>>> [^\n]*\n", re.S)


def main(paths: list[str]) -> int:
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        merged, count = CONFLICT.subn(lambda m: m.group(1).rstrip("\n") + "\n\n" + m.group(2), text)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(merged)
        print(f"{path}: {count} conflict(s) kept from both sides")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
