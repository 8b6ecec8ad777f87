from enum import StrEnum


class EventPatchStatusType0(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETRACTED = "retracted"

    def __str__(self) -> str:
        return str(self.value)
