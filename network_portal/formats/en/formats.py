# "27 November 2026", "27 November 2026, 14:05": the Russian order, in English.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
