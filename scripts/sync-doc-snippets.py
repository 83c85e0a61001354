#!/usr/bin/env python3
"""Rewrites every ```java block that follows a <!-- snippet: path#name --> marker in the
repository's Markdown with the current text of that region of the test source.

DocSnippetsTest (datomic-kit-core) fails the build when a block and its source differ; run this
after editing an example to bring the docs back in line:  python3 scripts/sync-doc-snippets.py
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
MARKER = re.compile(r"<!--\s*snippet:\s*(\S+)#(\S+)\s*-->")


def region(path, name):
    lines = (ROOT / path).read_text().split("\n")
    start = None
    for i, line in enumerate(lines):
        if line.strip() == "// snippet:" + name:
            start = i + 1
        elif line.strip() == "// end-snippet:" + name and start is not None:
            body = lines[start:i]
            indent = min((len(l) - len(l.lstrip()) for l in body if l.strip()), default=0)
            return [l[indent:].rstrip() if l.strip() else "" for l in body]
    sys.exit(f"{path} has no region // snippet:{name} ... // end-snippet:{name}")


def sync(doc):
    lines = doc.read_text().split("\n")
    out, i, changed = [], 0, False
    while i < len(lines):
        out.append(lines[i])
        marker = MARKER.search(lines[i])
        if marker and i + 1 < len(lines) and lines[i + 1].strip() == "```java":
            end = next(j for j in range(i + 2, len(lines)) if lines[j].strip() == "```")
            body = region(marker.group(1), marker.group(2))
            changed |= body != lines[i + 2:end]
            out += ["```java"] + body + ["```"]
            i = end + 1
            continue
        i += 1
    if changed:
        doc.write_text("\n".join(out))
        print("updated", doc.relative_to(ROOT))


for doc in sorted(ROOT.rglob("*.md")):
    if "target" not in doc.parts and ".git" not in doc.parts:
        sync(doc)
