from enum import StrEnum


class ImportFormat(StrEnum):
    CSV = "csv"
    NDJSON = "ndjson"
    TIMELINEJS = "timelinejs"
    TIMELINEJS_CSV = "timelinejs_csv"

    def __str__(self) -> str:
        return str(self.value)
