"""Journal entries are Markdown: whatever is typed, the page it renders into cannot run code,
load an image or change styling."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.helpers import keys_of, signed_in
from twofold.journal import services
from twofold.journal.services import EntryInput
from twofold.lib.markdown import render

SAFE_SCHEMES = ("http:", "https:", "mailto:")

ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "![pixel](https://tracker.example/p.gif)",
    "![x](javascript:alert(1))",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '[click](https://ok.example "title" onmouseover="alert(1)")',
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="color:red">red</p>',
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<body onload="alert(1)">',
    "<style>body{display:none}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "`<script>`\n\n    <script>alert(1)</script>",
    "```html\n<script>alert(1)</script>\n```",
    "> <img src=x onerror=alert(1)>",
    "[a]: javascript:alert(1)\n\n[x][a]",
    "<details open ontoggle=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    "[x](data:image/svg+xml,<svg onload=alert(1)>)",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
]

PIECES = ["<", ">", '"', "'", "javascript:", "data:", "on", "onerror=", "onload=", " onclick=", "=", "/", "(", ")"]
PIECES += ["[", "]", "!", "`", "script", "img", "a", "href", "style=", "src=", " ", "\n", "x", ":", "&#", ";", "\\"]


class Tags(HTMLParser):
    """Every tag and attribute in the rendered HTML, as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def assert_safe(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered, html
    # Text is escaped (a typed "<" becomes &lt;), so every "<" left opens a real tag.
    for tag in re.findall(r"<[^>]*>", lowered):
        assert "style=" not in tag and not re.search(r"\son\w*\s*=", tag), html
        assert "javascript:" not in tag and "data:" not in tag, html
    parser = Tags()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag not in {"script", "img", "style", "iframe", "object", "svg", "math", "form", "input"}, html
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", html
            if name in {"href", "src", "action", "data", "formaction"}:
                target = "".join((value or "").split()).lower()  # browsers ignore whitespace in schemes
                assert ":" not in target.split("/")[0] or target.startswith(SAFE_SCHEMES), html


@pytest.mark.parametrize("attack", ATTACKS)
def test_known_attacks_render_harmless(attack):
    assert_safe(render(attack))
    assert_safe(render(f"Before.\n\n{attack}\n\nAfter *this*."))


@hypothesis_settings(max_examples=400, deadline=None)
@given(st.text())
def test_any_text_renders_harmless(text):
    assert_safe(render(text))


@hypothesis_settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_text_built_from_html_and_url_pieces_renders_harmless(text):
    assert_safe(render(text))


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.sampled_from(ATTACKS), st.sampled_from(ATTACKS), st.text(alphabet="<>\"'=:/ ", max_size=8))
def test_attacks_mixed_together_render_harmless(first, second, glue):
    assert_safe(render(first + glue + second))


def test_safe_markdown_still_works():
    html = render("# Day\n\n*soft* and **strong**, a [link](https://example.org) and `code`.\n\n- one\n- two")
    assert "<h1>Day</h1>" in html and "<em>soft</em>" in html and "<strong>strong</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">link</a>' in html
    assert "<li>one</li>" in html and "<code>code</code>" in html


@pytest.mark.django_db
def test_the_entry_page_shows_every_attack_harmlessly(alice):
    chain = keys_of(alice)
    data = EntryInput(title="<script>alert(1)</script>", body="\n\n".join(ATTACKS))
    entry = services.create_entry(chain, alice, data)
    page = signed_in(alice).get(f"/journal/{entry.pk}/").content.decode()
    body = page.split('<div class="journal-body">', 1)[1].split("</article>", 1)[0]
    assert_safe(body)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the title is shown as text
