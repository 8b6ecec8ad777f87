from enum import StrEnum


class EntityKind(StrEnum):
    COUNTRY = "country"
    ORGANIZATION = "organization"
    OTHER = "other"
    PERSON = "person"
    PLACE = "place"

    def __str__(self) -> str:
        return str(self.value)
