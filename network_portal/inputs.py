"""Reading what visitors send before it reaches a query."""


def whole_number(text, digits=18):
    """The number `text` spells in at most `digits` ASCII digits; None for anything else.

    `str.isdigit()` alone accepts «²» and «١», which `int()` refuses or reads
    as another number; eighteen digits always fit a database's integer.
    """
    text = str(text or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= digits:
        return int(text)
    return None
