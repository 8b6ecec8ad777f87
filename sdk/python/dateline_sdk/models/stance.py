from enum import StrEnum


class Stance(StrEnum):
    CONTEXT = "context"
    DISPUTES = "disputes"
    SUPPORTS = "supports"

    def __str__(self) -> str:
        return str(self.value)
