from enum import StrEnum


class EntityRefKind(StrEnum):
    COUNTRY = "country"
    ORGANIZATION = "organization"
    OTHER = "other"
    PERSON = "person"
    PLACE = "place"

    def __str__(self) -> str:
        return str(self.value)
