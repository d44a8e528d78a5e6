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


def error_lines(form):
    """«Label: message» for each field's errors, the bare message for the form's own."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        yield f"{label}: {' '.join(errors)}" if label else " ".join(errors)
