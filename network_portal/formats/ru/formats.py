# «27 ноября 2026», «27 ноября 2026, 14:05»: Django's own Russian adds «г.».
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
