from enum import StrEnum


class EntityRole(StrEnum):
    LOCATION = "location"
    MENTIONED = "mentioned"
    PARTICIPANT = "participant"
    SUBJECT = "subject"

    def __str__(self) -> str:
        return str(self.value)
