"""Say on the site, and only there, when examples were published unrun.

Without the optional ``mlpviz[cnn]`` extra the build cannot run the
convolutional examples; their pages are published with their code and no
output. This extension puts one note, defined here, under the title of each
page whose name starts with a prefix listed in ``cnn_extra_note_pages`` (the
section's index and its examples). It adds the note to the page's source as
Sphinx reads it, so the note never reaches the examples' scripts or notebooks.
"""

from __future__ import annotations

import re

NOTE = """
.. warning::

   This page was built without the optional ``mlpviz[cnn]`` extra (Keras 3
   with JAX), so its code was not run and shows no output. Download the
   notebook to run it: its first cell installs the extra. The
   :doc:`/install` page says how to install it yourself.
"""

# A section title: a line of text underlined (and maybe overlined) with a
# repeated punctuation character, at least as long as the text.
TITLE = re.compile(
    r"^(?:(?P<over>([=\-`:.'\"~^_*+#<>])\2+)\n)?(?P<text>[^\n]*\S[^\n]*)\n"
    r"(?P<under>([=\-`:.'\"~^_*+#<>])\5+)[ \t]*$",
    re.MULTILINE,
)


def add_note(app, docname: str, source: list[str]) -> None:
    if not any(
        docname.startswith(prefix) for prefix in app.config.cnn_extra_note_pages
    ):
        return
    text = source[0]
    for title in TITLE.finditer(text):
        if len(title["under"]) >= len(title["text"].strip()):
            source[0] = f"{text[: title.end()]}\n{NOTE}{text[title.end() :]}"
            return
    source[0] = NOTE + text


def setup(app):
    app.add_config_value("cnn_extra_note_pages", [], "env", types=[list])
    app.connect("source-read", add_note)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
