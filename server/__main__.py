"""``python -m server COMMAND``: serve, init, import-org, add-user, set-user,
load-dictionary, add-api-key, new-epoch, prune, revoke-device, demo, export-roster,
import-roster, audit-verify, status, openapi.

Every command takes ``--db URL`` (or GRIDDESK_SERVER_DB_URL, or db_url in the
``--config`` TOML file). Passwords come from ``--password-env NAME`` (an
environment variable) or a prompt, never from the command line in production.
"""
from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
import uuid

import sqlalchemy as sa


def _password(args) -> str:
    if getattr(args, "password", None):
        return args.password
    if getattr(args, "password_env", None):
        value = os.environ.get(args.password_env)
        if not value:
            sys.exit(f"environment variable {args.password_env} is empty")
        return value
    first = getpass.getpass("password: ")
    if first != getpass.getpass("again: "):
        sys.exit("the passwords differ")
    return first


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m server", description=__doc__.split("\n")[0])
    ap.add_argument("--config", help="TOML settings file")
    ap.add_argument("--db", help="database URL (sqlite:///file.db or postgresql://…)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("serve", help="run the HTTP server (uvicorn)")
    sp.add_argument("--host")
    sp.add_argument("--port", type=int)
    sp.add_argument("--workers", type=int, help="uvicorn worker processes (default 1)")
    sp.add_argument("--admin-password-env", metavar="NAME",
                    help="on a database without an admin, create 'admin' with the password "
                         "in this environment variable (a pilot's first start)")
    sp = sub.add_parser("init", help="create/migrate the database and a first admin")
    sp.add_argument("--admin", default="admin")
    sp.add_argument("--password-env")
    sp.add_argument("--password", help=argparse.SUPPRESS)
    sub.add_parser("migrate", help="bring the schema up to date")
    sp = sub.add_parser("import-org", help="import an org tree (CSV or JSON)")
    sp.add_argument("file")
    for name in ("add-user", "set-user"):
        sp = sub.add_parser(name, help=f"{name.split('-')[0]} a user (role and scope)")
        sp.add_argument("username")
        sp.add_argument("--role")
        sp.add_argument("--scope", help="org unit code of the user's subtree")
        sp.add_argument("--name")
        sp.add_argument("--password-env")
        sp.add_argument("--password", help=argparse.SUPPRESS)
        if name == "set-user":
            sp.add_argument("--unlock", action="store_true")
            sp.add_argument("--disable", action="store_true")
            sp.add_argument("--enable", action="store_true")
            sp.add_argument("--new-password", action="store_true")
            sp.add_argument("--revoke-tokens", action="store_true")
    sp = sub.add_parser("load-dictionary", help="load categories, calendar or stars")
    sp.add_argument("name", choices=["categories", "calendar", "stars"])
    sp.add_argument("file", nargs="?", help="default: the dictionary shipped with GridDesk")
    sp = sub.add_parser("add-api-key", help="an intake API key (12345 hotline, 随手拍)")
    sp.add_argument("name")
    sp.add_argument("--channel", required=True, choices=["hotline", "snapshot"])
    sub.add_parser("new-epoch", help="after restoring a backup: desktops re-push and resync")
    sp = sub.add_parser("prune", help="forget change-feed rows and tombstones older than "
                                      "the retention (desktops behind it get 410 → snapshot)")
    sp.add_argument("--days", type=int, help="retention of the change feed in days "
                                             "(default: tombstone_days, 90)")
    sp.add_argument("--tombstone-days", type=int,
                    help="deleted rows are kept this long, longer than any desktop stays "
                         "offline (default: tombstone_keep_days, 180); their ids are kept "
                         "after that, so a late edit still meets the deletion")
    sp = sub.add_parser("revoke-device", help="a lost or stolen PC: its tokens stop working "
                                              "and it can neither sign in nor push")
    sp.add_argument("device_id")
    sp = sub.add_parser("demo", help="make the demo city (./dev demo's) in the database, "
                                     "print its accounts, then serve it")
    sp.add_argument("--db", dest="sub_db", metavar="URL", help="the database (as --db)")
    sp.add_argument("--residents", type=int, default=3000)
    sp.add_argument("--cases", type=int, help="default: residents/20, at least 20")
    sp.add_argument("--seed", type=int, default=1, help="the same seed makes the same city")
    sp.add_argument("--force", action="store_true",
                    help="add the demo even to a database that holds residents")
    sp.add_argument("--no-serve", action="store_true", help="make the city and stop")
    sp.add_argument("--host")
    sp.add_argument("--port", type=int)
    sp.add_argument("--workers", type=int)
    sp = sub.add_parser("export-roster", help="the residents under an org unit as .xlsx "
                                              "(masked unless --full), audited")
    sp.add_argument("--db", dest="sub_db", metavar="URL", help="the database (as --db)")
    sp.add_argument("--org", required=True, help="org unit code: it and everything under it")
    sp.add_argument("--out", required=True, help="the .xlsx file to write")
    sp.add_argument("--full", action="store_true",
                    help="full ID numbers and phones, and key-group tags (needs --reason)")
    sp.add_argument("--reason", default="", help="why full values leave the system (audited)")
    sp.add_argument("--as", dest="as_user", metavar="USERNAME",
                    help="export as this user (its rights and scope apply; audited as it)")
    sp.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    sp = sub.add_parser("import-roster", help="load residents from .xlsx/.csv files into an "
                                              "org's grids, with the desktop importer's rules "
                                              "(exit 1 when rows were refused)")
    sp.add_argument("files", nargs="+", metavar="FILE")
    sp.add_argument("--db", dest="sub_db", metavar="URL", help="the database (as --db)")
    sp.add_argument("--into", required=True, metavar="ORG_CODE",
                    help="org unit code: the rows go into its grids")
    sp.add_argument("--grid", metavar="CODE",
                    help="the grid for new estates and rows without an address (default: "
                         "--into when it is a grid, or its only grid)")
    sp.add_argument("--policy", choices=("update", "skip"), default="update",
                    help="a resident whose ID number is already in the roster: update or skip")
    sp.add_argument("--dry-run", action="store_true",
                    help="check every row and list the addresses to create; write nothing")
    sp.add_argument("--report", metavar="FILE.xlsx", help="the rows refused, with the reasons")
    sp.add_argument("--create-addresses", action="store_true",
                    help="create estates, buildings, units and rooms missing from the tree")
    sub.add_parser("audit-verify", help="check the audit log's hash chain; exit 1 at the "
                                        "first broken link")
    sub.add_parser("status", help="print the database status as JSON")
    sub.add_parser("openapi", help="print the OpenAPI document")
    args = ap.parse_args(argv)

    from server import admin, auth, config, db, migrations
    settings = config.load(args.config, db_url=getattr(args, "sub_db", None) or args.db,
                           host=getattr(args, "host", None), port=getattr(args, "port", None),
                           workers=getattr(args, "workers", None))
    if args.cmd == "openapi":
        settings.db_url = "sqlite:///:memory:"
        print(json.dumps(openapi_document(), ensure_ascii=False, indent=1, sort_keys=True))
        return 0
    if args.cmd == "serve":
        return serve(settings, args)
    if args.cmd == "demo":
        from server import demo_cmd
        try:
            out = demo_cmd.make(settings, residents=args.residents, cases=args.cases,
                                seed_no=args.seed, force=args.force,
                                progress=lambda table, n: print(f"  {table}: {n}",
                                                                file=sys.stderr, flush=True))
        except ValueError as exc:
            sys.exit(f"error: {exc}")
        print(demo_cmd.describe(out), flush=True)
        if args.no_serve:
            return 0
        args.admin_password_env = None
        return serve(settings, args)
    store = db.Store(settings.db_url)
    now = time.time()
    try:
        if args.cmd in ("init", "migrate"):
            done = migrations.migrate(store)
            print(f"schema: steps {done or 'none'} run (now {migrations.LATEST})")
            if args.cmd == "init":
                with store.write() as conn:
                    exists = conn.execute(db.users.select().where(
                        db.users.c.username == args.admin)).first()
                if exists:
                    print(f"admin {args.admin!r} exists")
                else:
                    password = _password(args)
                    with store.write() as conn:
                        auth.create_user(conn, settings, username=args.admin,
                                         password=password, role="admin", now=now)
                    print(f"admin {args.admin!r} created")
            return 0
        migrations.migrate(store)
        if args.cmd == "import-org":
            from server.sync.engine import Engine
            result = admin.import_org(store, Engine(store, settings),
                                      admin.read_org_file(args.file), now)
            print(json.dumps(result))
        elif args.cmd == "add-user":
            if not args.role:
                sys.exit("--role is required")
            password = _password(args)
            with store.write() as conn:
                auth.create_user(conn, settings, username=args.username, password=password,
                                 role=args.role, scope_code=args.scope,
                                 display_name=args.name, now=now)
            print(f"user {args.username!r} created ({args.role}, scope {args.scope or 'city'})")
        elif args.cmd == "set-user":
            password = _password(args) if args.new_password or args.password else None
            with store.write() as conn:
                auth.update_user(conn, settings, args.username, role=args.role,
                                 scope_code=args.scope, password=password,
                                 disabled=True if args.disable else False if args.enable
                                 else None, unlock=args.unlock, now=now)
                if args.revoke_tokens:
                    user = conn.execute(db.users.select().where(
                        db.users.c.username == args.username)).mappings().first()
                    auth.revoke_user_tokens(conn, user["id"], now)
            print(f"user {args.username!r} updated")
        elif args.cmd == "load-dictionary":
            print(f"{args.name} version {admin.load_dictionary(store, args.name, args.file, now)}")
        elif args.cmd == "add-api-key":
            from server.open311 import add_api_key
            with store.write() as conn:
                key = add_api_key(conn, args.name, args.channel, now)
            print(key)
        elif args.cmd == "new-epoch":
            with store.write() as conn:
                epoch = str(uuid.uuid4())
                store.set_meta(conn, "epoch", epoch)
                auth.audit(conn, now, None, "server.new_epoch", None, None, {"epoch": epoch})
            print(f"new epoch {epoch}")
        elif args.cmd == "prune":
            result = admin.prune(store, args.days or settings.tombstone_days, now,
                                 tombstone_days=args.tombstone_days
                                 or settings.tombstone_keep_days)
            print(json.dumps(result))
        elif args.cmd == "revoke-device":
            with store.write() as conn:
                n = auth.revoke_device(conn, args.device_id, now)
            print(f"device {args.device_id!r} revoked ({n} tokens)")
        elif args.cmd == "audit-verify":
            from server import audit
            with store.read() as conn:
                result = audit.verify(conn)
            print(json.dumps(result, ensure_ascii=False))
            if result["first_broken"] is not None:
                return 1
        elif args.cmd == "export-roster":
            from server import export
            try:
                result = export.export_roster(store, org_code=args.org, path=args.out,
                                              full=args.full, reason=args.reason,
                                              as_user=args.as_user, lang=args.lang, now=now)
            except OSError as exc:      # the folder is missing, the file open in Excel
                sys.exit(f"error: cannot write {args.out}: {exc.strerror or exc}")
            print(json.dumps(result.summary(), ensure_ascii=False))
        elif args.cmd == "import-roster":
            from server import import_roster
            try:
                summary = import_roster.run(
                    store, settings, args.files, org_code=args.into, policy=args.policy,
                    dry_run=args.dry_run, create_addresses=args.create_addresses,
                    report=args.report, grid_code=args.grid)
            except import_roster.ImportRefused as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
            except OSError as exc:      # the report open in Excel, a full disk: the rows
                print(f"error: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
                return 1                # checked so far are in (run it again to finish)
            print(json.dumps(summary.as_dict(), ensure_ascii=False))
            if summary.refused:
                print(f"{summary.refused} row(s) refused" + (
                    f"; the reasons are in {summary.report}" if summary.report
                    else "; --report FILE.xlsx lists them"), file=sys.stderr)
                return 1
        elif args.cmd == "status":
            print(json.dumps(admin.status(store), ensure_ascii=False, indent=1))
    except ValueError as exc:
        sys.exit(f"error: {exc}")
    finally:
        store.dispose()
    return 0


def serve(settings, args) -> int:
    """Run uvicorn on the settings (``serve``, and ``demo`` once its city is made)."""
    import uvicorn
    from server import auth, config, db, logs, migrations
    store = db.Store(settings.db_url)
    migrations.migrate(store)     # once, before the workers start
    if args.admin_password_env:
        with store.write() as conn:
            if not conn.execute(sa.select(db.users.c.id).where(
                    db.users.c.role == "admin")).first():
                args.password_env = args.admin_password_env
                auth.create_user(conn, settings, username="admin", password=_password(args),
                                 role="admin", now=time.time())
                print("admin 'admin' created", file=sys.stderr)
    store.dispose()
    # the workers are new processes: they read the resolved settings from the env
    os.environ.update(config.to_env(settings))
    # uvicorn's access log prints full URLs (Open311 api keys in query strings);
    # server.logs.RequestLog writes one JSON line per request without them
    # the client address counts failed sign-ins (server/auth.py): X-Forwarded-For is
    # believed only from the reverse proxies IT names (uvicorn would trust 127.0.0.1)
    # Thousands of desktops park a long-poll each (server/announce.py): every one is
    # an open socket, so the process may hold as many files as the system allows
    # it (systemd: LimitNOFILE, README) and accepts bursts of reconnections
    files = raise_file_limit()
    uvicorn.run("server.app:app_from_env", factory=True, host=settings.host,
                port=settings.port, workers=settings.workers, access_log=False,
                log_config=logs.config(settings.log_level),
                proxy_headers=bool(settings.trusted_proxies),
                forwarded_allow_ips=settings.trusted_proxies or None,
                backlog=settings.backlog, timeout_keep_alive=settings.keep_alive,
                timeout_graceful_shutdown=settings.graceful_shutdown,
                limit_concurrency=None)
    del files
    return 0


def raise_file_limit() -> int:
    """Lift this process's limit of open files to the most the system allows it (each
    parked long-poll is a socket); returns the limit now in force."""
    try:
        import resource
    except ImportError:          # Windows: no such limit to lift
        return 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
    if soft < want:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
            soft = want
        except (ValueError, OSError):
            pass
    return soft


def openapi_document() -> dict:
    """The OpenAPI document as served (kept in the repo as server/openapi.json)."""
    from server.app import create_app
    from server.config import Settings
    app = create_app(Settings(db_url="sqlite:///:memory:"), migrate=False)
    return app.openapi()


if __name__ == "__main__":
    sys.exit(main())
