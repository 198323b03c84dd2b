"""Compare what `taskdoc build` writes at two commits (or in two folders), file by file.

A refactoring must not change the documents: run this before committing one.

    python scripts/compare_builds.py --against 20ee1dd        # that commit vs the working tree
    python scripts/compare_builds.py OLD_OUTPUT NEW_OUTPUT     # two existing output folders

Each side is built from the shipped workbook into a temporary folder (the commit from a
`git worktree`, run with its own code on PYTHONPATH). Files are compared by the XML of every
part, as an issued version's reproduction is (`generator.versions.store.same_document`): zip
timestamps and a workbook's save time are ignored, any change of text or structure is not.
Exit code 0 when both sides wrote the same files with the same content, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.versions.store import same_document
from generator.workspace import BUILD_RECORD  # holds a hash of the code itself, which is meant to differ

ROOT = Path(__file__).resolve().parent.parent


def build(code: Path, output: Path) -> None:
    """Run `taskdoc build` of the code in `code` on the shipped workbook into `output`."""
    env = dict(os.environ, PYTHONPATH=str(code))
    subprocess.run([sys.executable, "-m", "generator", "build", "--source", str(ROOT / "source" / "decomposition.xlsx"),
                    "--templates", str(code / "templates"), "--output", str(output)],
                   cwd=code, env=env, check=True, capture_output=True)


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != BUILD_RECORD}


def compare(old: Path, new: Path) -> list[str]:
    """Lines describing every difference; empty when the two folders hold the same documents."""
    a, b = files(old), files(new)
    lines = [f"only in {old}: {name}" for name in sorted(a - b)]
    lines += [f"only in {new}: {name}" for name in sorted(b - a)]
    lines += [f"differs: {name}" for name in sorted(a & b) if not same_document(old / name, new / name)]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, help="two output folders to compare")
    parser.add_argument("--against", help="a commit to build and compare with the working tree")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.against:
            old_code = Path(tmp) / "old"
            subprocess.run(["git", "worktree", "add", "--detach", str(old_code), args.against], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                old, new = Path(tmp) / "old-output", Path(tmp) / "new-output"
                build(old_code, old)
                build(ROOT, new)
                lines = compare(old, new)
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(old_code)], cwd=ROOT, check=True)
        elif len(args.folders) == 2:
            old, new = args.folders
            lines = compare(old, new)
        else:
            parser.error("give --against COMMIT or two folders")
        count = len(files(old))
    print("\n".join(lines) if lines else f"same: {count} files, same text and structure")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
