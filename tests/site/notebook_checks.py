"""Checks shared by the notebook tests: what a reader must never see."""

from __future__ import annotations

import re

FENCED_CODE = re.compile(r"^```.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
RAW_REST = {
    "role": re.compile(r":[a-z]+(?::[a-z]+)?:`"),
    "reST inline literal": re.compile(r"(?<!`)``[^`\s]"),
    "reST link": re.compile(r"`__?(?!\w)"),
    "Sphinx-Gallery reference": re.compile(r"sphx_glr_"),
}
RAW_REST_OUTSIDE_CODE = {
    "directive, comment or target": re.compile(r"^[ \t]*\.\.[ \t]", re.MULTILINE),
    "literal block marker": re.compile(r"::[ \t]*$", re.MULTILINE),
    "section underline": re.compile(r"^([=\-~^\"'+])\1{3,}[ \t]*$", re.MULTILINE),
}


def raw_rest(markdown: str) -> list[str]:
    """The kinds of reST markup left in a Markdown cell, with the line of each."""
    prose = FENCED_CODE.sub("", markdown)
    found = []
    for kind, pattern in RAW_REST.items():
        found += [f"{kind}: {_line(prose, m)}" for m in pattern.finditer(prose)]
    without_code = CODE_SPAN.sub("", prose)
    for kind, pattern in RAW_REST_OUTSIDE_CODE.items():
        found += [
            f"{kind}: {_line(without_code, m)}" for m in pattern.finditer(without_code)
        ]
    return found


def _line(text: str, match: re.Match) -> str:
    start = text.rfind("\n", 0, match.start()) + 1
    stop = text.find("\n", match.end())
    return text[start : stop if stop >= 0 else None].strip()
