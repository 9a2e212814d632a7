"""Peace Plan Atlas from the shell: list, validate, stats, render, compare, data, frontline, link, site.

Exit 0 on success; on bad input exit 1 with one line per problem on stderr
(`FILE: field: what is wrong`), never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


class CliError(Exception):
    """Problems to print one per line, then exit 1."""

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def _out_path(out: str, force: bool = True, folder: bool = False) -> Path:
    """An output path checked before any work (proposals/paths.py `output_problem`)."""
    from proposals.paths import output_problem
    problem = output_problem(Path(out), force, folder)
    if problem:
        raise CliError(f"{out}: --out: {problem}")
    return Path(out)


def _write(path: Path, data: str | bytes) -> None:
    """Write an output; a full disk or a refused write names the output file, not the input."""
    try:
        path.write_text(data, encoding="utf-8") if isinstance(data, str) else path.write_bytes(data)
    except OSError as e:
        raise CliError(f"{path}: --out: cannot write ({e.strerror or type(e).__name__})") from None
    print(f"wrote {path}")


def _catalog():
    """The shipped catalog, loaded without the geometry stack (list and validate start fast)."""
    from proposals.catalog import load_catalog
    from proposals.paths import frontline_dates
    return load_catalog(frontline_dates=frontline_dates())


def _from_file(path: str):
    """A proposal from a YAML file named on the command line (checked like `validate`)."""
    from geo.inputs.frontline import available_dates
    from proposals.catalog import load_file
    proposal, errors = load_file(Path(path), available_dates())
    if proposal is None:
        raise CliError(*(str(e) for e in errors))
    return proposal


def _proposal(catalog, pid: str):
    """A catalog proposal by id, or a proposal file (FILE.yaml) by path."""
    if pid.endswith((".yaml", ".yml")) and pid not in catalog.proposals:
        return _from_file(pid)
    if pid not in catalog.proposals:
        import difflib
        close = difflib.get_close_matches(pid, list(catalog.proposals), n=1) if len(pid) <= 200 else []
        hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(catalog.proposals)}"
        raise CliError(f"{pid}: id: no such proposal{hint}")
    return catalog.proposals[pid]


def _user_baseline(args):
    """A baseline from --frontline-file (any supported format, optionally a layer and a filter), or None."""
    if not getattr(args, "frontline_file", None):
        for opt in ("frontline_layer", "frontline_filter", "frontline_contested"):
            if getattr(args, opt, None):
                raise CliError(f"--{opt.replace('_', '-')}: needs --frontline-file")
        return None
    from geo.inputs.frontline import FrontlineError
    from geo.inputs.line_formats import load_user_baseline, parse_filter
    if args.frontline:
        raise CliError(f"{args.frontline_file}: --frontline-file: give either --frontline or --frontline-file")
    try:
        line_filter = parse_filter(args.frontline_file, args.frontline_filter, args.frontline_contested)
        return load_user_baseline(Path(args.frontline_file), layer=args.frontline_layer, line_filter=line_filter)
    except FrontlineError as e:
        raise CliError(str(e)) from None


def cmd_list(args) -> None:
    catalog = _catalog()
    rows = [
        {"id": p.id, "title": p.title, "proposer": p.proposer, "date": str(p.date)} for p in catalog.proposals.values()
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(f"{r['id']:28s} {r['date']}  {r['title']} — {r['proposer']}")
    for e in catalog.errors:
        print(e, file=sys.stderr)


def cmd_validate(args) -> None:
    from proposals.catalog import load_file, yaml_files
    from proposals.paths import frontline_dates
    files, problems = yaml_files(args.files)
    dates = frontline_dates()
    for f in files:  # one hostile file is reported by name; the others are still checked
        proposal, errors = load_file(f, dates)
        problems += [str(e) for e in errors]
        if proposal is not None:
            print(f"{f}: ok ({proposal.id}, {len(proposal.rules)} rules, {len(proposal.sources)} sources)")
    if problems:
        raise CliError(*problems)


def cmd_stats_all(args) -> None:
    """Every catalog proposal on its own front line (or --frontline), from the store when warm."""
    from geo.engine.catalog_stats import catalog_stats
    if args.frontline_file:
        raise CliError(f"{args.frontline_file}: --frontline-file: not with --all; give one proposal")
    catalog = _catalog()
    rows = catalog_stats(catalog.proposals.values(), _shipped_date(args.frontline))
    if args.json:
        print(json.dumps([s.model_dump(mode="json") for s in rows], ensure_ascii=False, indent=2))
        return
    for s in rows:
        by = s.by_status
        w = s.withdrawals
        print(f"{s.proposal:28s} {s.frontline}  Ukraine withdraws {w.ukraine_withdraws_km2:8,.0f} km²"
              f"  Russia withdraws {w.russia_withdraws_km2:7,.0f} km²  demilitarised {by['demilitarized']:7,.0f} km²"
              f"  left to talks {w.left_to_talks_km2:8,.0f} km²"
              f"  pre-war population (GeoNames) ~{s.people_affected:,}")


def _shipped_date(date: str | None) -> str | None:
    """A shipped front-line date, checked against the files (no geometry library)."""
    from proposals.paths import frontline_dates
    if date is not None and date not in frontline_dates():
        raise CliError(f"{date}: frontline: no front line for this date; available: {', '.join(frontline_dates())}")
    return date


def cmd_stats(args) -> None:
    if args.all:
        return cmd_stats_all(args)
    if not args.id:
        raise CliError("stats: ID: give a proposal id or FILE.yaml, or --all for the whole catalog")
    result = _evaluate_one(args, args.id)
    stats = result.stats()
    if args.json:
        print(json.dumps(stats.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    from geo.engine.text_report import proposal_lines
    print("\n".join(proposal_lines(result.proposal.title, stats)))


IMAGE_SUFFIXES = (".png", ".svg")


def _out_kind(out: str) -> str:
    """"html", "png" or "svg" from the --out file name."""
    suffix = Path(out).suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in IMAGE_SUFFIXES:
        return suffix[1:]
    raise CliError(f"{out}: --out: give a file ending in .html, .png or .svg")


def _evaluate_one(args, pid: str):
    """One proposal on --frontline, --frontline-file, or its own line."""
    from geo.engine.evaluate import evaluate
    return evaluate(_proposal(_catalog(), pid), _shipped_date(args.frontline), baseline=_user_baseline(args))


def _evaluate_pair(args, a_id: str, b_id: str):
    """Two proposals on one front line: --frontline, --frontline-file, or the line they share."""
    from geo.engine.evaluate import evaluate
    from proposals.model import common_frontline
    catalog = _catalog()
    a, b = _proposal(catalog, a_id), _proposal(catalog, b_id)
    custom = _user_baseline(args)
    date = _shipped_date(args.frontline) or common_frontline(a, b)
    return evaluate(a, date, baseline=custom), evaluate(b, date, baseline=custom)


def cmd_render(args) -> None:
    kind = _out_kind(args.out)
    out = _out_path(args.out)
    result = _evaluate_one(args, args.id)
    if kind == "html":
        from geo.maps.export import standalone_html
        from geo.maps.render import proposal_map
        _write(out, standalone_html(proposal_map(result)))
    else:
        from geo.images.figure import figure_bytes, proposal_figure
        _write(out, figure_bytes(proposal_figure(result), kind))


def cmd_compare(args) -> None:
    from geo.engine.compare import compare_results
    kind = _out_kind(args.out) if args.out else None
    out = _out_path(args.out) if args.out else None
    ra, rb = _evaluate_pair(args, args.a, args.b)
    a, b = ra.proposal, rb.proposal
    comparison = compare_results(ra, rb)
    if kind == "html":
        from geo.maps.export import comparison_html
        _write(out, comparison_html(ra, rb, comparison))
    elif kind:
        from geo.images.figure import comparison_figure, figure_bytes
        _write(out, figure_bytes(comparison_figure(comparison), kind))
    if kind:
        return
    data = comparison.stats()
    if args.json:
        print(json.dumps(data.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        from geo.engine.text_report import comparison_lines
        print("\n".join(comparison_lines(a.id, b.id, comparison.frontline, data)))


def cmd_data(args) -> None:
    """The data behind a map (one ID) or a comparison (two) as a zip: zones.geojson, numbers.csv, README.txt."""
    if len(args.ids) > 2:
        raise CliError(f"{args.ids[2]}: ID: give one proposal, or two to compare")
    if Path(args.out).suffix.lower() != ".zip":
        raise CliError(f"{args.out}: --out: give a file ending in .zip")
    out = _out_path(args.out)
    from geo.exports.data_zip import comparison_zip, proposal_zip
    if len(args.ids) == 1:
        content = proposal_zip(_evaluate_one(args, args.ids[0]))
    else:
        from geo.engine.compare import compare_results
        content = comparison_zip(compare_results(*_evaluate_pair(args, *args.ids)))
    _write(out, content)


def cmd_frontline(args) -> None:
    from geo.inputs.frontline import available_dates, load_baseline
    from geo.inputs.frontline_report import line_summary
    if args.multiples:  # every line as small maps in one print image
        kind = Path(args.out or "").suffix.lower()[1:]
        if args.date or kind not in ("png", "svg"):
            raise CliError(f"{args.out or '--multiples'}: --out: give FILE.png or FILE.svg, and no DATE")
        out = _out_path(args.out, force=True)
        from geo.images.figure import figure_bytes
        from geo.images.timeline_multiples import multiples_figure
        _write(out, figure_bytes(multiples_figure(), kind))
        return
    if args.date is None:
        rows = [line_summary(load_baseline(d)) for d in available_dates()]
        if args.json:
            print(json.dumps(rows, indent=2))
        else:
            for r in rows:
                print(
                    f"{r['date']}  (reports up to {r['latest_fact']})  {r['russian_held_km2']:,.0f} km² Russian-held, "
                    f"{r['contested_km2']:,.0f} km² "
                    f"contested (approximate; {r['facts']} settlement facts)"
                )
        return
    _shipped_date(args.date)
    if not args.out:
        raise CliError(f"{args.date}: --out: give a file to write the GeoJSON to")
    out = _out_path(args.out, force=args.force)
    from geo.inputs.frontline_report import line_geojson
    _write(out, line_geojson(load_baseline(args.date)))


def cmd_link(args) -> None:
    from proposals import link
    proposal = _from_file(args.file)
    query = link.query_string(proposal)
    reason = link.too_long(query)
    if reason:
        raise CliError(f"{args.file}: (file): {reason}")
    print(query)


def cmd_site(args) -> None:
    import time

    from geo.site.static_site import build_site
    start = time.perf_counter()
    out = _out_path(args.out, folder=True)
    if out.exists() and not out.is_dir():
        raise CliError(f"{out}: OUT: exists and is not a folder")
    report = build_site(_catalog(), out)
    print(f"wrote {out}/index.html and {len(report.pages) - 1} pages ({report.files} files, "
          f"{report.bytes / 1e6:.1f} MB) in {time.perf_counter() - start:.0f} s")


def _frontline_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--frontline", metavar="DATE", help="a shipped front-line date (default: the proposal's own)")
    p.add_argument("--frontline-file", metavar="FILE", help="your own Russian-held area: GeoJSON, KML, KMZ, "
                   "a zipped shapefile (.zip) or a GeoPackage (.gpkg), in any CRS")
    p.add_argument("--frontline-layer", metavar="NAME", help="the layer of --frontline-file to read (a GeoPackage "
                   "or zip with several polygon layers)")
    p.add_argument("--frontline-filter", metavar="FIELD=VALUE[,VALUE]", help="count as Russian-held only the "
                   "polygons whose FIELD is one of these values (e.g. Name=occupied)")
    p.add_argument("--frontline-contested", metavar="VALUE[,VALUE]", help="with --frontline-filter: polygons "
                   "with these values of FIELD are contested (drawn grey, not counted as Russian-held)")


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="cli.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("list", help="id, title, proposer, date of every proposal")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = sub.add_parser("validate", help="check proposal files (a folder: its *.yaml files)")
    p.add_argument("files", nargs="+", metavar="FILE_OR_FOLDER")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("stats", help="km², people and cities by status for one proposal (or --all)")
    p.add_argument("id", metavar="ID|FILE.yaml", nargs="?")
    p.add_argument("--all", action="store_true", help="every catalog proposal (a JSON list with --json)")
    _frontline_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)
    p = sub.add_parser("render", help="one proposal as a standalone HTML map or a PNG/SVG image")
    p.add_argument("id")
    _frontline_options(p)
    p.add_argument("--out", required=True, metavar="FILE.html|.png|.svg")
    p.set_defaults(func=cmd_render)
    p = sub.add_parser("compare", help="what differs between two proposals on one front line")
    p.add_argument("a")
    p.add_argument("b")
    _frontline_options(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--out", metavar="FILE.html|.png|.svg")
    p.set_defaults(func=cmd_compare)
    p = sub.add_parser("data", help="the data behind a map (ID) or a comparison (A B) as a zip: GeoJSON, CSV, README")
    p.add_argument("ids", nargs="+", metavar="ID", help="a proposal id or FILE.yaml; two to compare A with B")
    _frontline_options(p)
    p.add_argument("--out", required=True, metavar="FILE.zip")
    p.set_defaults(func=cmd_data)
    p = sub.add_parser("frontline", help="the front-line dates, export one as GeoJSON, or all as small maps")
    p.add_argument("date", nargs="?")
    p.add_argument("--json", action="store_true")
    p.add_argument("--multiples", action="store_true", help="every date as a small map in one image (--out .png/.svg)")
    p.add_argument("--out", metavar="FILE.geojson|.png|.svg")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    p.set_defaults(func=cmd_frontline)
    p = sub.add_parser("link", help="the query string (?view=build&plan=…) that opens a plan file in the app")
    p.add_argument("file", metavar="FILE.yaml")
    p.set_defaults(func=cmd_link)
    p = sub.add_parser("site", help="a static site: overview, every proposal, comparisons; no server needed")
    p.add_argument("out", metavar="OUT/")
    p.set_defaults(func=cmd_site)
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = parser()
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:  # argparse printed a usage line already
        return 0 if e.code == 0 else 1
    try:
        args.func(args)
    except CliError as e:
        from proposals.untrusted import clip_text
        for line in e.lines:  # a line may echo an argument of 100,000 characters
            print(clip_text(line, 1000), file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except Exception as e:  # last resort: one line, no traceback
        from proposals.untrusted import clip_text
        print(clip_text(f"{getattr(args, 'id', None) or args.command}: error: {type(e).__name__}: {e}", 1000),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
