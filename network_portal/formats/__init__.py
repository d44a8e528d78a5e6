"""Dates the portal shows, in one format everywhere (FORMAT_MODULE_PATH).

Templates write `{{ value|date }}` and `{{ value|date:"DATETIME_FORMAT" }}`, never a
pattern of their own; the admin shows dates the same way. Formats not set here
(date input, numbers) are Django's for the language.
"""
