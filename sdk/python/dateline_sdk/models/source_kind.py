from enum import StrEnum


class SourceKind(StrEnum):
    ANALYSIS = "analysis"
    DATASET = "dataset"
    DOCUMENTARY = "documentary"
    NEWS = "news"
    OTHER = "other"
    READOUT = "readout"
    REPORT = "report"
    STATEMENT = "statement"

    def __str__(self) -> str:
        return str(self.value)
