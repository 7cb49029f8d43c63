"""Health, status and the dictionaries a desktop syncs (categories, calendar)."""
from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse

import server
from server import auth, db, logs, migrations
from server.http import ERRORS, ApiError, Deps
from server.schemas import DictionaryOut, DictionaryVersions, HealthOut, StatusOut


def router(d: Deps) -> APIRouter:
    store, principal = d.store, d.principal
    app = APIRouter()
    @app.get("/health", response_model=HealthOut, tags=["misc"],
             responses={503: {"model": HealthOut}})
    def health():
        """For a load balancer or monitoring: 200 when the database answers, else 503."""
        try:
            with store.read() as conn:
                version = migrations.current_version(conn)
        except sa.exc.SQLAlchemyError:
            logs.log.warning("health: database unreachable")
            return JSONResponse({"status": "unavailable", "database": "unreachable",
                                 "version": server.__version__}, status_code=503)
        return HealthOut(status="ok", database="ok", schema_version=version,
                         version=server.__version__)

    @app.get("/status", response_model=StatusOut, tags=["misc"])
    def status():
        with store.read() as conn:
            epoch = store.meta(conn, "epoch") or ""
        return StatusOut(status="ok", version=server.__version__,
                         protocol_version=server.PROTOCOL_VERSION, epoch=epoch)

    digests: dict[tuple, str] = {}     # (name, version, updated_at) -> sha256

    @app.get("/dictionaries", response_model=DictionaryVersions, responses=ERRORS,
             tags=["misc"])
    def dictionary_versions(p: auth.Principal = Depends(principal)):
        """The loaded dictionaries' versions (and SHA-256 of their canonical JSON), which
        a desktop polls each sync to fetch only what changed. A dictionary not listed
        was never loaded: both sides use the one shipped with GridDesk."""
        from app.models.domain.dictionaries import digest
        t = db.dictionaries
        with store.read() as conn:
            rows = conn.execute(sa.select(t.c.name, t.c.version, t.c.updated_at)).all()
            if any(tuple(r) not in digests for r in rows):   # a newly loaded version
                rows = []
                for name, version, updated_at, content in conn.execute(sa.select(
                        t.c.name, t.c.version, t.c.updated_at, t.c.content)):
                    digests[(name, version, updated_at)] = digest(content)
                    rows.append((name, version, updated_at))
        return {"dictionaries": {name: {"version": version,
                                        "sha256": digests[(name, version, updated_at)]}
                                 for name, version, updated_at in rows}}

    @app.get("/dictionaries/{name}", response_model=DictionaryOut, responses=ERRORS,
             tags=["misc"])
    def dictionary(name: str = Path(pattern=r"^[a-z_]{1,32}$"),
                   p: auth.Principal = Depends(principal)):
        with store.read() as conn:
            row = conn.execute(sa.select(db.dictionaries).where(db.dictionaries.c.name == name)
                               ).mappings().first()
        if row is None:
            raise ApiError(404, "not_found", f"no dictionary {name!r}")
        return DictionaryOut(name=row["name"], version=row["version"], content=row["content"])

    return app
