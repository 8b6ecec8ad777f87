from enum import StrEnum


class EntityInKind(StrEnum):
    COUNTRY = "country"
    ORGANIZATION = "organization"
    OTHER = "other"
    PERSON = "person"
    PLACE = "place"

    def __str__(self) -> str:
        return str(self.value)
