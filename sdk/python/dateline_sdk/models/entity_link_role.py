from enum import StrEnum


class EntityLinkRole(StrEnum):
    LOCATION = "location"
    MENTIONED = "mentioned"
    PARTICIPANT = "participant"
    SUBJECT = "subject"

    def __str__(self) -> str:
        return str(self.value)
