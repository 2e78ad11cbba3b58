"""Readable text: the markup of the source documents (``<sup>+</sup>``, ``$\\alpha$``) as plain Unicode.

The reviews were converted to text with their superscripts as HTML tags and their symbols as
LaTeX (``CD8<sup>+</sup>``, ``IFN-$\\gamma$``, ``$\\geq 75$``). A page shows the quote as a
scientist reads it (CD8⁺, IFN-γ, ≥ 75), and as text: :func:`readable` returns a plain string
that a page still escapes; it never lets a tag through as markup. Anything it does not know
stays as it was written.

>>> readable("CD8<sup>+</sup> T 细胞与 IFN-$\\\\gamma$ 、$\\\\geq 75$ 岁")
'CD8⁺ T 细胞与 IFN-γ 、≥ 75 岁'
"""

from __future__ import annotations

import re

GREEK = {name: chr(code) for name, code in (
    ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4), ("epsilon", 0x3B5),
    ("varepsilon", 0x3B5), ("zeta", 0x3B6), ("eta", 0x3B7), ("theta", 0x3B8), ("iota", 0x3B9),
    ("kappa", 0x3BA), ("lambda", 0x3BB), ("mu", 0x3BC), ("nu", 0x3BD), ("xi", 0x3BE), ("pi", 0x3C0),
    ("rho", 0x3C1), ("sigma", 0x3C3), ("tau", 0x3C4), ("upsilon", 0x3C5), ("phi", 0x3C6),
    ("varphi", 0x3C6), ("chi", 0x3C7), ("psi", 0x3C8), ("omega", 0x3C9),
    ("Gamma", 0x393), ("Delta", 0x394), ("Theta", 0x398), ("Lambda", 0x39B), ("Pi", 0x3A0),
    ("Sigma", 0x3A3), ("Phi", 0x3A6), ("Psi", 0x3A8), ("Omega", 0x3A9))}
SYMBOLS = {"geq": "≥", "ge": "≥", "leq": "≤", "le": "≤", "times": "×", "pm": "±", "approx": "≈",
           "sim": "~", "neq": "≠", "rightarrow": "→", "to": "→", "leftarrow": "←", "uparrow": "↑",
           "downarrow": "↓", "cdot": "·", "degree": "°", "%": "%", "_": "_", "&": "&", "#": "#",
           "$": "$", "{": "{", "}": "}", ",": " ", ";": " ", " ": " ", "quad": " "}
SUPERSCRIPT = dict(zip("0123456789+-−=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿ"))
SUBSCRIPT = dict(zip("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎"))

_TAG = re.compile(r"<(sup|sub)>(.*?)</\1>", re.I | re.S)
_MATH = re.compile(r"\$([^$]{1,200})\$")
_COMMAND = re.compile(r"\\([A-Za-z]+|[%_&#${},; ])")
_SCRIPT = re.compile(r"([\^_])(\{([^{}]*)\}|(\S))")


def readable(text: str) -> str:
    """Return ``text`` with ``<sup>``/``<sub>`` tags and ``$…$`` LaTeX turned into Unicode text.

    Superscripts and subscripts become their Unicode characters where every character has one
    (else they are written ``^(…)``, ``_(…)``); Greek letters and the usual symbols become
    themselves. Other tags are left alone, as text for the page to escape.

    >>> readable("CD4<sup>+</sup>/CD8<sup>+</sup>, PD-L1 <sup>high</sup>, $\\\\alpha/\\\\beta$, $< 50\\\\%$")
    'CD4⁺/CD8⁺, PD-L1 ^(high), α/β, < 50%'
    >>> readable("IL-2<sub>R</sub> and H<sub>2</sub>O, $x^{2}$, $P = 0.041$, <script>x</script>")
    'IL-2_(R) and H₂O, x², P = 0.041, <script>x</script>'
    """
    text = _TAG.sub(lambda m: _script(m.group(2), m.group(1).lower() == "sup"), text)
    return _MATH.sub(lambda m: _latex(m.group(1)), text)


def _latex(math: str) -> str:
    """One ``$…$`` span as text: commands to symbols, ``^``/``_`` to scripts, braces dropped."""
    math = _COMMAND.sub(lambda m: GREEK.get(m.group(1)) or SYMBOLS.get(m.group(1), m.group(0)), math)
    math = _SCRIPT.sub(lambda m: _script(m.group(3) if m.group(3) is not None else m.group(4), m.group(1) == "^"), math)
    return math.replace("{", "").replace("}", "")


def _script(chars: str, up: bool) -> str:
    """``chars`` raised (``up``) or lowered in Unicode, or marked ``^(…)`` / ``_(…)`` when some cannot be."""
    table = SUPERSCRIPT if up else SUBSCRIPT
    chars = chars.strip()
    if chars and all(c in table for c in chars):
        return "".join(table[c] for c in chars)
    return ("^" if up else "_") + f"({chars})"
