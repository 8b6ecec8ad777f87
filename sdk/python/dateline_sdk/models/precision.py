from enum import StrEnum


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    TIME = "time"
    YEAR = "year"

    def __str__(self) -> str:
        return str(self.value)
