from enum import StrEnum


class TimelinePatchStatusType0(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"

    def __str__(self) -> str:
        return str(self.value)
