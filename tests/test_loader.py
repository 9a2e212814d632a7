"""The loader's errors: one clear line per problem, naming file and field; the rest still loads."""

import pytest
import yaml

from proposals.catalog import load_catalog, parse_text

GOOD = {
    "id": "good", "title": "A good one", "proposer": "Someone", "date": "2025-11-20", "status": "draft",
    "baseline": "2025-11-20", "summary": "Fine.",
    "rules": [{"id": "r1", "where": {"oblasts": ["donetsk"], "held_by": "ukraine"}, "status": "ceded",
               "sources": ["s1"]}],
    "sources": [{"id": "s1", "outlet": "Outlet", "date": "2025-11-21", "url": "https://example.org/a",
                 "supports": "the rule"}],
}
DATES = ["2025-08-15", "2025-11-20"]


def variant(**changes):
    doc = yaml.safe_load(yaml.safe_dump(GOOD))
    for path, value in changes.items():
        target = doc
        keys = path.split("__")
        for k in keys[:-1]:
            target = target[int(k)] if k.isdigit() else target[k]
        last = keys[-1]
        if value is ...:
            del target[last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return yaml.safe_dump(doc, allow_unicode=True)


def errors(text, name="f.yaml"):
    proposal, errs = parse_text(text, name, DATES)
    assert proposal is None
    assert errs, "expected at least one error"
    return [str(e) for e in errs]


def test_good_file_loads():
    proposal, errs = parse_text(variant(), "f.yaml", DATES)
    assert errs == [] and proposal.id == "good"


@pytest.mark.parametrize("text,field,words", [
    ("id: [unclosed", "(file)", "invalid YAML at line 1"),
    ("", "(file)", "empty file"),
    ("- just\n- a list\n", "(file)", "expected a mapping"),
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "(file)", "binary data"),
    (b"id: caf\xe9\n", "(file)", "not UTF-8"),
    (variant(rules__0__where__oblasts=["Donetsc"]), "rules[0].where.oblasts", "did you mean 'donetsk'"),
    (variant(rules__0__where__oblasts=["Atlantis"]), "rules[0].where.oblasts", "unknown oblast 'Atlantis'"),
    (variant(rules__0__status="annexed"), "rules[0].status", "'annexed' is not allowed"),
    (variant(rules__0__where={"within_km_of_line": -5}), "rules[0].where.within_km_of_line", "greater than 0"),
    (variant(rules__0__sources=[]), "rules[0]", "no sources"),
    (variant(rules__0__sources=["nowhere"]), "rules[0].sources", "'nowhere' is not in this file's sources"),
    (variant(sources=[]), "sources", "at least 1 item"),
    (variant(date="yesterday"), "date", "valid date"),
    (variant(rules="ceded"), "rules", "valid list"),
    (variant(terms={"army_cap": "lots"}), "terms.army_cap", "valid integer"),
    (variant(colour="red"), "colour", "unknown field"),
    (variant(title=...), "title", "Field required"),
    (variant(baseline="2020-01-01"), "baseline", "no front line dated 2020-01-01"),
    (variant(sources__0__url="not a url"), "sources[0].url", "should match pattern"),
    (variant(rules__0__where={"area": {"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [31, 51]]]}}),
     "rules[0].where.area", "at least 4 positions"),
    (variant(rules__0__where={"area": {"around": {"lon": 30, "lat": 50, "radius_km": 0}}}),
     "rules[0].where.area.around.radius_km", "greater than 0"),
    (variant(rules__0__recognition="annexed"), "rules[0].recognition", "'annexed' is not allowed"),
    (variant(rules__0__status="russia_de_facto", rules__0__recognition="ukraine"), "rules[0].recognition",
     "'ukraine' contradicts status 'russia_de_facto'"),
])
def test_bad_file_errors(text, field, words):
    lines = errors(text)
    assert any(line.startswith(f"f.yaml: {field}: ") and words in line for line in lines), lines
    assert all("\n" not in line and "Traceback" not in line for line in lines)


def test_oversized_file_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("summary: " + "x" * (1024 * 1024 + 10))
    catalog = load_catalog(tmp_path, DATES)
    assert [str(e) for e in catalog.errors] == [f"{big}: (file): larger than 1024 KB"]


def test_unsafe_yaml_tags_are_refused():
    lines = errors("!!python/object/apply:os.system ['echo hacked']\n")
    assert "invalid YAML" in lines[0]


def test_one_bad_file_does_not_take_down_the_catalog(tmp_path):
    (tmp_path / "a-good.yaml").write_text(variant())
    (tmp_path / "b-bad.yaml").write_text(variant(rules__0__status="annexed"))
    (tmp_path / "c-dup.yaml").write_text(variant())
    catalog = load_catalog(tmp_path, DATES)
    assert list(catalog.proposals) == ["good"]
    msgs = [str(e) for e in catalog.errors]
    assert any("b-bad.yaml: rules[0].status:" in m for m in msgs)
    assert any("c-dup.yaml: id: 'good' is already used by a-good.yaml" in m for m in msgs)


def test_shipped_catalog_loads_without_errors():
    from geo.inputs.frontline import available_dates
    catalog = load_catalog(frontline_dates=available_dates())
    assert catalog.errors == []
    assert len(catalog.proposals) >= 3
