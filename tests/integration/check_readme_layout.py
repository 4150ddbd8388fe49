#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The README's Layout table against the tree: every path it names exists,
and every top-level folder of the project (and every folder of tests/) has a
row, so that a new maintainer's map cannot silently fall behind a move.

    python3 tests/integration/check_readme_layout.py REPO_ROOT

What counts as the tree: the files git tracks when REPO_ROOT is a checkout,
else the folders on disk minus build output and node_modules. Exit 1 with
one line per problem.
"""

import os
import re
import subprocess
import sys

# Not part of the map: build output and installed packages.
IGNORED = re.compile(r"^(build[^/]*|node_modules|\.git|__pycache__)$")


def layout_paths(readme):
    """The first-column paths of the table under '## Layout'."""
    text = open(readme, encoding="utf-8").read()
    section = text.split("\n## Layout", 1)[1].split("\n## ", 1)[0]
    return [m.group(1).rstrip("/") for m in re.finditer(r"^\| `([^`]+)` \|", section, re.M)]


def tree_folders(root):
    """Top-level folders and those of tests/ (and top-level dot-folders)."""
    try:
        files = subprocess.run(["git", "-C", root, "ls-files"], capture_output=True, text=True,
                               check=True).stdout.split("\n")
        files = [f for f in files if f]
    except (OSError, subprocess.CalledProcessError):
        files = []
        for d, subdirs, names in os.walk(root):
            subdirs[:] = [s for s in subdirs if not IGNORED.match(s)]
            files += [os.path.relpath(os.path.join(d, n), root) for n in names]
    folders = set()
    for f in files:
        parts = f.split("/")
        if len(parts) > 1 and not IGNORED.match(parts[0]):
            folders.add(parts[0] if parts[0] != "tests" or len(parts) < 3 else "/".join(parts[:2]))
    return folders


def main(root):
    listed = layout_paths(os.path.join(root, "README.md"))
    problems = ["README Layout names %s, which is not in the tree" % p
                for p in listed if not os.path.exists(os.path.join(root, p))]
    covered = set()
    for p in listed:
        covered.add(p.split("/")[0] if not p.startswith("tests/") else "/".join(p.split("/")[:2]))
    problems += ["%s/ has no row in the README's Layout table" % f
                 for f in sorted(tree_folders(root)) if f not in covered and f != "tests"]
    for line in problems:
        print("check_readme_layout: " + line, file=sys.stderr)
    if not problems:
        print("check_readme_layout: %d rows, every folder mapped" % len(listed))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
