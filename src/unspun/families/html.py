"""families.html: an overview a person can browse, largest families first, each with its
tree of who copied whom and links to the side-by-side reports. Self-contained: no scripts."""

from __future__ import annotations

from html import escape

from unspun.records import ClusterResult, Family, FamilyMember

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222}
h1{font-size:1.5em} h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
.meta{color:#666;font-size:.9em} ul.tree{list-style:none;padding-left:1.2em;margin:.2em 0}
ul.tree li{margin:.25em 0} .role{font-weight:600} .original{color:#0a6b2d}
.absent{color:#a33;font-style:italic} .rw{display:inline-block;padding:0 .4em;
border-radius:.3em;background:#eef;font-size:.85em} .spam{background:#fde;}
table{border-collapse:collapse;margin:.5em 0} td,th{padding:.2em .6em;text-align:left;
border-bottom:1px solid #eee;font-size:.9em}
"""


def _member(m: FamilyMember) -> str:
    title = escape(m.title or m.id)
    link = f'<a href="{escape(m.report)}">{title}</a>' if m.report else title
    bits = [f'<span class="role {m.role}">{m.role}</span>', link]
    if m.rewrite:
        bits.append(f'<span class="rw">{escape(m.rewrite)}</span>')
    if m.relative_to:
        bits.append(f'<span class="meta">covers {m.source_coverage:.0%} of the root, '
                    f'{m.coverage:.0%} of it aligned</span>')
    if m.injected:
        bits.append(f'<span class="rw spam">{m.injected} injected</span>')
    bits.append(f'<br><span class="meta">{escape(m.uri)}</span>')
    if m.parent_evidence and m.role == "copy":
        bits.append(f'<br><span class="meta">parent: {escape("; ".join(m.parent_evidence))}'
                    "</span>")
    return " ".join(bits)


def _tree(f: Family) -> str:
    kids: dict[str | None, list[FamilyMember]] = {}
    for m in f.members:
        kids.setdefault(m.parent, []).append(m)

    def render(parent: str | None) -> str:
        items = []
        for m in kids.get(parent, []):
            items.append(f"<li>{_member(m)}{render(m.id)}</li>")
        return f'<ul class="tree">{"".join(items)}</ul>' if items else ""

    body = render(None)
    if not f.original_present:
        body = ('<ul class="tree"><li><span class="absent">original not in the crawl</span>'
                f"{body}</li></ul>")
    return body


def families_html(result: ClusterResult) -> str:
    s = result.stats
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        "<title>unspun families</title>", f"<style>{_CSS}</style></head><body>",
        "<h1>Families</h1>",
        f'<p class="meta">{s.documents} documents, {s.families} families of two or more, '
        f"{s.copy_pairs} verified copy links from {s.candidate_pairs} candidate pairs, "
        f"{s.failures} inputs failed.</p>",
    ]
    for f in result.families:
        state = ("original present" if f.original_present
                 else '<span class="absent">original absent: members are siblings</span>')
        parts.append(f'<h2 id="{escape(f.id)}">{escape(f.id)} · {len(f.members)} pages · '
                     f"{state}</h2>")
        parts.append(_tree(f))
        parts.append(f'<p class="meta">{escape(" · ".join(f.evidence))}</p>')
    parts.append("</body></html>")
    return "\n".join(parts)
