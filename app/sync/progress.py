"""What a sync run reports while it runs and when it ends (the engine, the photo
upload and the content check share these)."""
from __future__ import annotations

from dataclasses import dataclass, field


class Cancelled(Exception):
    pass


@dataclass
class Progress:
    phase: str                 # push | snapshot | pull | photos | done
    done: int = 0
    total: int | None = None
    entity: str | None = None


@dataclass
class SyncResult:
    pushed: int = 0
    applied: int = 0
    conflicts: int = 0
    rejected: int = 0
    held: int = 0
    pulled: int = 0
    resynced: str | None = None
    photos_up: int = 0
    changed: set = field(default_factory=set)
    new_case_ids: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: (sorted(v) if isinstance(v, set) else v) for k, v in self.__dict__.items()}
