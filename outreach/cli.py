"""python -m outreach demo | ingest | export | users | docs"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from outreach.query import audit, db
from outreach.config import PROJECT_ROOT, ConfigError, load_settings


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def _terminal_progress(message: str, fraction: float) -> None:
    width = 30
    filled = int(width * min(max(fraction, 0.0), 1.0))
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {fraction * 100:5.1f}% {message[:60]:<60}")
    if fraction >= 1.0:
        sys.stderr.write("\n")
    sys.stderr.flush()


def cmd_demo(args: argparse.Namespace) -> int:
    from outreach.demo import generate

    out = Path(args.out)
    if args.scale == "national":
        from outreach.demo import generate_national

        provinces = [code.strip() for code in args.provinces.split(",") if code.strip()] if args.provinces else None
        try:
            national = generate_national(out, seed=args.seed, fraction=args.fraction, provinces=provinces,
                                         boundaries=Path(args.boundaries) if args.boundaries else None,
                                         file_format=args.format or "parquet",
                                         progress=None if args.quiet else _terminal_progress)
        except ValueError as error:
            print(error, file=sys.stderr)
            return 1
        for table, rows in national.row_counts.items():
            print(f"{table:<12} {rows:>11,} rows")
        print(f"{len(national.provinces)} provinces, as_of {national.as_of}; written to {out.resolve()} "
              f"({national.file_format})")
        return 0
    if args.format not in (None, "csv") or args.fraction != 1.0 or args.provinces:
        print("--format parquet, --fraction and --provinces need --scale national", file=sys.stderr)
        return 1
    summary = generate(out, seed=args.seed, progress=None if args.quiet else _terminal_progress,
                       boundaries=Path(args.boundaries) if args.boundaries else None)
    for table, rows in summary.row_counts.items():
        print(f"{table:<12} {rows:>9,} rows")
    print(f"written to {out.resolve()} (ground truth: {summary.ground_truth.name}, not read by the dashboard)")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from outreach.ingest.load import ingest
    from outreach.query.stored import store_default_view

    settings = load_settings()
    settings = settings.with_database(Path(args.db)) if args.db else settings
    database = settings.path("database")
    audit.record("import_start", user=None, os_user=_os_user(), channel="cli", source=str(Path(args.source).resolve()),
                 database=str(database), settings=settings)
    report = ingest(Path(args.source), database=database, rejects_path=Path(args.rejects) if args.rejects else None,
                    boundaries=Path(args.boundaries) if args.boundaries else None,
                    export_date=dt.date.fromisoformat(args.export_date) if args.export_date else None,
                    progress=None if args.quiet else _terminal_progress,
                    mappings=[Path(path) for path in args.mapping or []],
                    save_mapping=Path(args.save_mapping) if args.save_mapping else None,
                    after_build=store_default_view)
    audit.record("import_end", user=None, os_user=_os_user(), channel="cli", settings=settings,
                 **audit.import_details(report))
    for guess in report.guesses:
        print(f"guessed: {guess.message}")
    if report.exit_code == 1:
        for need in report.needs:
            print(f"needs a mapping: {need.label}: candidates "
                  + ", ".join(f"{table} ({score:g})" for table, score in need.tables)
                  + "".join(f"; {column}: " + " | ".join(headers) for column, headers in need.candidates.items()),
                  file=sys.stderr)
        print(f"IMPORT FAILED: {report.error}", file=sys.stderr)
        print(f"The existing database was left untouched: {database}", file=sys.stderr)
        return 1
    print(f"{'table':<12} {'file':<28} {'read':>9} {'loaded':>9} {'rejected':>9} {'merged':>8}")
    for table in report.tables:
        files = [f for f in report.files if f.table == table.table]
        for file in files:
            label = file.file + (f" [{file.sheet}]" if file.sheet else "")
            print(f"{table.table:<12} {label[:28]:<28} {file.read:>9,} {file.loaded:>9,} {file.rejected:>9,} {file.merged:>8,}")
        if len(files) > 1:
            print(f"{table.table:<12} {'(total)':<28} {table.read:>9,} {table.loaded:>9,} {table.rejected:>9,} {table.merged:>8,}")
    print(f"database: {report.database}  as_of: {report.as_of}")
    if report.corrections:
        print("corrected rejects imported on top of the current data: the rows already there are "
              "'(dữ liệu hiện có)' above")
    if args.save_mapping:
        print(f"mapping used: {Path(args.save_mapping).resolve()}")
    if report.boundaries:
        meta = report.boundaries
        methods = ", ".join(f"{method} {count:,}" for method, count in sorted(meta["match_methods"].items()))
        print(f"boundaries: {meta['source_file']}: {meta['features']:,} polygons ({methods}); "
              f"map payload {meta['payload_bytes'] / 1e6:.2f} MB, {meta['vertices']:,} vertices, "
              f"tolerance {meta['tolerance']:g}°")
    else:
        print("boundaries: none (put boundaries.geojson in the export folder or pass --boundaries FILE)")
    for warning in report.warnings:
        print(f"WARNING: {warning}", file=sys.stderr)
    if len(report.warning_rows):
        print(f"{len(report.warning_rows):,} warnings (rows kept):")
        for reason, group in report.warning_rows.groupby("reason", sort=True):
            print(f"  {reason:<26} {len(group):>7,}  e.g. {group.iloc[0]['message'][:90]}")
    if report.rejects_path:
        print(f"{report.rows_rejected:,} rows rejected; details (file, row, key, column, value, reason and the row as "
              f"read; correct it and import it back): {report.rejects_path}")
        summary = report.rejects.groupby("reason").size().sort_values(ascending=False)
        for reason, count in summary.items():
            print(f"  {reason:<20} {count:>7,}")
    return report.exit_code


def _cli_restriction(args: argparse.Namespace, settings):
    """(restriction, account name, problem). With sign-in on, the export runs as an account (password
    asked, never on the command line), throttled like the sign-in form. With sign-in off, citizen
    names and phones are unmasked only when a settings file was read and allows it."""
    from outreach.query import auth

    access = auth.access_settings(settings)
    if not access.enabled:
        if access.config_problem and not getattr(args, "list", False):
            print(f"note: {access.config_problem}: citizen names and phones are masked without a settings file "
                  f"that allows them ([access] local_personal_data)", file=sys.stderr)
        return auth.restriction_for(None, access), None, None
    if not args.user:
        return None, None, "sign-in is on ([access] enabled): pass --user NAME (the password is asked)"
    try:
        accounts = auth.load_accounts(access.users_file)
    except auth.UsersFileError as error:
        return None, None, str(error)
    result = auth.sign_in(access, accounts, args.user, _read_password("Password: "), client=None, channel="cli")
    if result.locked:
        until = dt.datetime.fromtimestamp(result.locked_until)
        return None, None, (f"too many wrong passwords for this name: sign-in locked until {until:%H:%M %d/%m/%Y}")
    if result.account is None:
        return None, None, "wrong user name or password"
    return auth.restriction_for(result.account, access), result.account.name, None


def cmd_export(args: argparse.Namespace) -> int:
    from outreach.query import extracts
    settings = load_settings()
    settings = settings.with_database(Path(args.db)) if args.db else settings
    restriction, user, problem = _cli_restriction(args, settings)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    who = {"user": user, "os_user": _os_user(), "channel": "cli", "settings": settings}
    catalogue = extracts.allowed_extracts(restriction)
    if args.list:
        for name, description in catalogue.items():
            print(f"{name:<24} {description}")
        return 0
    if not args.name or not args.out:
        print("export needs NAME and --out FILE.csv|FILE.xlsx (or --list)", file=sys.stderr)
        return 1
    if args.name not in extracts.extract_catalogue():
        print(f"unknown extract {args.name!r}; `export --list` shows the names", file=sys.stderr)
        return 1
    refused = extracts.refusal(args.name, restriction)
    if refused:
        audit.record("export_refused", extract=args.name, reason=refused, **who)
        print(f"refused: {refused}", file=sys.stderr)
        return 1
    database = Path(args.db) if args.db else settings.path("database")
    try:
        con = db.connect(database, read_only=True)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 1
    from outreach.ingest.staging import built_by_this_version

    if not built_by_this_version(con):
        con.close()
        print(f"{database} was imported by an older version of this software: import it again "
              "(python -m outreach ingest EXPORT_FOLDER) before exporting", file=sys.stderr)
        return 1
    out = Path(args.out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        print(f"unsupported extract format {out.suffix!r}: use .csv or .xlsx", file=sys.stderr)
        return 1
    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
        try:
            period = db.period_for(con, settings, start=args.start, end=args.end, as_of=as_of)
        except ValueError as error:
            print(f"bad period: {error}", file=sys.stderr)
            return 1
        scope = db.Scope(period=period, commune=args.commune, agency=args.agency, restriction=restriction)
        if restriction.commune and args.commune not in (None, restriction.commune):
            print(f"note: this account reads commune {restriction.commune} only", file=sys.stderr)
        missing = extracts.missing_selection(args.name, scope)
        if missing:
            print(f"{args.name} is about one commune: pass --commune CODE", file=sys.stderr)
            return 1
        params = extracts.extract_params(args.name, scope, settings)
        chosen = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
        try:
            # Streamed: DuckDB writes the rows to the file; nothing is built in memory.
            written = chosen or extracts.columns(con, args.name, params, restriction)
            rows = extracts.write(con, args.name, params, restriction, out, chosen)
        except db.AccessError as error:
            audit.record("export_refused", extract=args.name, reason=str(error), **who)
            print(f"refused: {error}", file=sys.stderr)
            return 1
        except ValueError as error:
            print(error, file=sys.stderr)
            return 1
        audit.record("export", extract=args.name, rows=rows, format=out.suffix.lower().lstrip("."),
                     personal=audit.personal_included(written, restriction.personal), file=str(out.resolve()),
                     period=period.label(), commune=scope.commune, **who)
    finally:
        con.close()
    print(f"{args.name}: {rows:,} rows, period {period.label()}, as_of {period.as_of:%d/%m/%Y} -> {out}")
    return 0


def _read_password(prompt: str) -> str:
    """From the terminal without echo, or one line of stdin when piped (never an argument)."""
    import getpass

    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def cmd_users(args: argparse.Namespace) -> int:
    from outreach.query import auth

    settings = load_settings()
    access = auth.access_settings(settings)
    path = Path(args.file) if args.file else access.users_file
    try:
        accounts = auth.load_accounts(path)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1

    def changed(action: str) -> None:
        audit.record("account_changed", user=None, os_user=_os_user(), channel="cli", action=action, account=name,
                     settings=settings)
    if args.action == "list":
        if not accounts:
            print(f"no accounts in {path}")
        for account in sorted(accounts.values(), key=lambda a: a.name):
            print(account.describe())
        if not access.enabled:
            print("sign-in is off: set [access] enabled = true in the config to require it", file=sys.stderr)
        return 0
    name = (args.name or "").strip()
    if not name:
        print(f"users {args.action} needs NAME", file=sys.stderr)
        return 1
    if args.action == "remove":
        if accounts.pop(name, None) is None:
            print(f"no account {name!r}", file=sys.stderr)
            return 1
        auth.save_accounts(path, accounts)
        changed("remove")
        print(f"removed {name}")
        return 0
    if args.action == "add":
        if name in accounts:
            print(f"account {name!r} exists: use `users passwd {name}` to change the password", file=sys.stderr)
            return 1
        if not args.role:
            print("users add needs --role leader|analyst|commune_officer", file=sys.stderr)
            return 1
        if args.role == "commune_officer" and not args.commune:
            print("a commune officer needs --commune CODE", file=sys.stderr)
            return 1
        if args.role != "commune_officer" and args.commune:
            print("--commune is only for --role commune_officer", file=sys.stderr)
            return 1
        if args.role == "leader" and args.personal_data:
            print("a leader never sees citizen personal data: drop --personal-data", file=sys.stderr)
            return 1
    elif name not in accounts:
        print(f"no account {name!r}", file=sys.stderr)
        return 1
    password = _read_password("Password: ")
    if sys.stdin.isatty() and _read_password("Again: ") != password:
        print("the passwords differ", file=sys.stderr)
        return 1
    try:
        hashed = auth.hash_password(password)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    # The time the password is set: sessions signed in before it end at their next page run.
    if args.action == "add":
        accounts[name] = auth.Account(name=name, role=args.role, password_hash=hashed, commune=args.commune,
                                      personal_data=bool(args.personal_data), password_changed=auth.now_stamp())
    else:
        old = accounts[name]
        accounts[name] = auth.Account(name=name, role=old.role, password_hash=hashed, commune=old.commune,
                                      personal_data=old.personal_data, password_changed=auth.now_stamp())
    auth.save_accounts(path, accounts)
    changed(args.action)
    print(f"{'added' if args.action == 'add' else 'password set for'} {accounts[name].describe().strip()} -> {path}")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from outreach.ingest.docs import write

    print(f"wrote {write()}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m outreach", description="Outreach dashboard tools")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="write the demo export of a fictional province")
    demo.add_argument("--out", default=str(PROJECT_ROOT / "data" / "demo"), help="output folder")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--boundaries", help="build the demo on the communes of a real boundary file "
                                           "(GeoJSON, GeoPackage, Shapefile zip): its codes, names and polygons")
    demo.add_argument("--scale", choices=("province", "national"), default="province",
                      help="province: the fictional province with planted patterns (default); national: "
                           "the whole country (34 provinces, 3,321 communes, ~5 million attendance rows)")
    demo.add_argument("--format", choices=("parquet", "csv"),
                      help="national only: file format (default parquet; the province demo writes CSV)")
    demo.add_argument("--fraction", type=float, default=1.0,
                      help="national only: write the first provinces holding this share of the communes (e.g. 0.125)")
    demo.add_argument("--provinces", help="national only: comma-separated province codes to write")
    demo.add_argument("--quiet", action="store_true")
    demo.set_defaults(func=cmd_demo)

    ingest = commands.add_parser("ingest", help="check an export and build the database")
    ingest.add_argument("source", help="a folder (one file per table, or several per table), a workbook (one sheet "
                                        "per table), one file, or a corrected rejects file (imported on top)")
    ingest.add_argument("--export-date", dest="export_date",
                        help="YYYY-MM-DD the export was made (default: each file's modification date)")
    ingest.add_argument("--db", help="database file (default from config: data/outreach.duckdb)")
    ingest.add_argument("--rejects", help="CSV of rejected rows (default next to the database)")
    ingest.add_argument("--boundaries", help="commune boundaries (GeoJSON, GeoPackage, Shapefile zip); "
                                             "default: boundaries.* in the export folder")
    ingest.add_argument("--mapping", action="append", metavar="FILE",
                        help="a mapping file (JSON, see docs/import.md) deciding tables and columns for files of "
                             "its shapes; may be repeated. Profiles saved beside the database apply too")
    ingest.add_argument("--save-mapping", dest="save_mapping", metavar="FILE",
                        help="write the mapping this import used (every file and sheet) to FILE")
    ingest.add_argument("--quiet", action="store_true")
    ingest.set_defaults(func=cmd_ingest)

    export = commands.add_parser("export", help="write a named extract to CSV or XLSX")
    export.add_argument("name", nargs="?")
    export.add_argument("--list", action="store_true", help="list extract names")
    export.add_argument("--db")
    export.add_argument("--start", help="first month, YYYY-MM")
    export.add_argument("--end", help="last month, YYYY-MM")
    export.add_argument("--commune", help="commune_code")
    export.add_argument("--agency", help="agency_id")
    export.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: latest date in the data)")
    export.add_argument("--out", help="FILE.csv or FILE.xlsx")
    export.add_argument("--columns", help="comma-separated columns to keep (default all)")
    export.add_argument("--user", help="account to export as when sign-in is on (the password is asked)")
    export.set_defaults(func=cmd_export)

    users = commands.add_parser("users", help="dashboard accounts: add, passwd, list, remove")
    users.add_argument("action", choices=("add", "passwd", "list", "remove"))
    users.add_argument("name", nargs="?")
    users.add_argument("--role", choices=("leader", "analyst", "commune_officer"))
    users.add_argument("--commune", help="commune_code of a commune officer")
    users.add_argument("--personal-data", dest="personal_data", action="store_true",
                       help="may see citizen names and phones unmasked (analysts, commune officers)")
    users.add_argument("--file", help="accounts file (default [access] users_file)")
    users.set_defaults(func=cmd_users)

    docs = commands.add_parser("docs", help="rewrite data/README.md from the contract")
    docs.set_defaults(func=cmd_docs)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as error:
        # Nothing runs on a configuration that cannot be read: not even with the defaults.
        print(f"{error}\nnothing was done: fix the settings file (or unset OUTREACH_CONFIG)", file=sys.stderr)
        return 1
