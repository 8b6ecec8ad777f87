from enum import StrEnum


class ExportTimelineFormat(StrEnum):
    ATOM = "atom"
    CSLJSON = "csljson"
    CSV = "csv"
    ICS = "ics"
    JSONLD = "jsonld"
    TIMELINEJS = "timelinejs"

    def __str__(self) -> str:
        return str(self.value)
