from enum import StrEnum


class EventInStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETRACTED = "retracted"

    def __str__(self) -> str:
        return str(self.value)
