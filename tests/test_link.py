"""A plan in a link: it round-trips, and a damaged, oversized or hostile link is one clear error."""
import base64
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
import yaml

from geo.inputs.frontline import available_dates
from proposals import link
from proposals.catalog import load_catalog, parse_text

ROOT = Path(__file__).resolve().parent.parent
CATALOG = load_catalog()
DATES = available_dates()  # the shipped front lines


def pack(text: str | bytes) -> str:
    """A payload made by hand (not by the code under test): zlib + base64url, version prefix."""
    raw = text.encode() if isinstance(text, str) else text
    return "1." + base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def one_error(payload: str) -> str:
    proposal, errors = link.decode(payload, DATES)
    assert proposal is None and len(errors) == 1
    assert str(errors[0]).startswith("link: ")
    return str(errors[0])


@pytest.mark.parametrize("pid", list(CATALOG.proposals))
def test_every_catalog_proposal_round_trips_through_a_link(pid):
    p = CATALOG.proposals[pid]
    back, errors = link.decode(link.encode(p), DATES)
    assert errors == []
    assert back == p


def test_a_hand_packed_file_opens_like_the_file():
    # The link format is the file's YAML, compressed: a payload packed here from the raw file
    # decodes to the same proposal the loader reads from disk.
    path = ROOT / "proposals/catalog/us-28-point-2025-11.yaml"
    back, errors = link.decode(pack(path.read_text(encoding="utf-8")), DATES)
    assert errors == [] and back == CATALOG.proposals["us-28-point-2025-11"]


def test_every_catalog_link_fits_in_a_url():
    longest = max(len(link.query_string(p)) for p in CATALOG.proposals.values())
    assert longest <= link.MAX_LINK_CHARS
    assert all(link.too_long(link.query_string(p)) is None for p in CATALOG.proposals.values())


def test_query_string_starts_with_the_view_and_carries_the_plan():
    q = link.query_string(CATALOG.proposals["status-quo"])
    assert q.startswith("?view=build&plan=1.")
    q = link.query_string(CATALOG.proposals["status-quo"], view="compare", a="plan", b="us-28-point-2025-11")
    assert q.endswith("&a=plan&b=us-28-point-2025-11")


def test_corrupted_payloads_are_one_clear_error():
    good = link.encode(CATALOG.proposals["kellogg-2025-04"])
    middle = len(good) // 2
    flipped = good[:middle] + ("A" if good[middle] != "A" else "B") + good[middle + 1:]
    assert "damaged" in one_error(flipped)
    assert "cut short" in one_error(good[: len(good) - 40])
    assert "not base64url" in one_error(good[:20] + "<>" + good[22:])
    assert "damaged" in one_error("1.!!!!")
    assert "start with" in one_error("hello")
    assert "damaged" in one_error("1." + base64.urlsafe_b64encode(b"not zlib at all").decode())


def test_text_that_is_no_plan_is_reported_by_the_loader():
    err = one_error(pack("id: x\ntitle: [\n"))
    assert err.startswith("link: (file): invalid YAML at line ")
    proposal, errors = link.decode(pack(yaml.safe_dump({"id": "x"})), DATES)
    assert proposal is None and {e.field for e in errors} >= {"title", "sources"}


def test_an_oversized_link_is_refused_before_decoding():
    huge = "1." + "A" * 10_000_000  # a 10 MB query parameter
    start = time.perf_counter()
    err = one_error(huge)
    assert time.perf_counter() - start < 0.1  # refused on its length, not decoded
    assert "10,000,002 characters" in err and "at most 8,000" in err


def test_a_decompression_bomb_is_stopped_at_the_bound():
    bomb = pack(b"a" * 5_000_000)  # 5 MB of one letter packs into ~6,500 characters
    assert len(bomb) < link.MAX_LINK_CHARS
    start = time.perf_counter()
    err = one_error(bomb)
    assert time.perf_counter() - start < 0.5
    assert "unpacks to more than 100 KB" in err


def test_decompression_is_bounded_while_it_runs(monkeypatch):
    # With the length check lifted, a 200 MB bomb must still never be unpacked in full.
    monkeypatch.setattr(link, "MAX_LINK_CHARS", 10**7)
    packer = zlib.compressobj(9)
    packed = b"".join(packer.compress(bytes(2**20)) for _ in range(200)) + packer.flush()
    payload = "1." + base64.urlsafe_b64encode(packed).decode().rstrip("=")
    tracemalloc.start()
    try:
        err = one_error(payload)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "unpacks to more than 100 KB" in err
    assert peak < 20 * 2**20, f"{peak / 2**20:.0f} MiB used while decoding"


def test_a_script_in_the_title_stays_text():
    p = CATALOG.proposals["trump-2025-10-stop"].model_copy(update={"title": "<script>alert(1)</script> Plan"})
    back, errors = link.decode(link.encode(p), DATES)
    assert errors == []
    assert back.title == "<script>alert(1)</script> Plan"  # kept as text; escaped where shown (tests/test_build.py)


def test_a_link_is_checked_like_a_file():
    # A band of 0 km is refused by the loader, whether the plan comes from a file or a link.
    text = (ROOT / "proposals/catalog/us-28-point-2025-11.yaml").read_text(encoding="utf-8")
    plan = yaml.safe_load(text)
    plan["rules"][0]["where"] = {"within_km_of_line": 0}
    bad = yaml.safe_dump(plan, allow_unicode=True)
    _, file_errors = parse_text(bad, "link", DATES)
    _, link_errors = link.decode(pack(bad), DATES)
    assert file_errors and [str(e) for e in link_errors] == [str(e) for e in file_errors]
    assert str(link_errors[0]).startswith("link: rules[0].where.within_km_of_line: ")
