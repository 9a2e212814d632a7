"""Plan links through the builder: every catalog file opened from `cli.py link`, links too big
or broken give a clear notice and not a traceback, a script in a title stays text."""
import re
from urllib.parse import parse_qsl

import pytest
import yaml
from streamlit.testing.v1 import AppTest

import cli
from bench.apptest import map_args
from proposals import link
from tests.buildpage import CATALOG, ROOT, assert_same_numbers, builder, cli_stats, notices, plan_yaml
from tests.clirun import run_cli


def test_catalog_links_from_the_cli_open_with_the_catalog_numbers(capsys):
    at = None
    for pid, name in CATALOG.files.items():
        assert cli.main(["link", str(ROOT / "proposals/catalog" / name)]) == 0
        query = capsys.readouterr().out.strip()
        assert query.startswith("?view=build&plan=")
        params = dict(parse_qsl(query[1:]))
        if at is None:
            at = builder(**params)
        else:
            at.query_params.update(params)
            at.run()
        assert not at.exception and not notices(at), pid
        assert_same_numbers(at, cli_stats(pid, capsys))
        assert yaml.safe_load(plan_yaml(at))["id"] == pid


def test_cli_link_from_the_shell(tmp_path):
    r = run_cli("link", "proposals/catalog/status-quo.yaml")
    assert r.returncode == 0 and r.stdout.startswith("?view=build&plan=1.") and r.stdout.count("\n") == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: [\n")
    r = run_cli("link", str(bad))
    assert r.returncode == 1 and r.stderr.startswith(f"{bad}: (file): invalid YAML") and "Traceback" not in r.stderr


def test_cli_link_says_when_a_plan_is_too_big_for_a_link(tmp_path):
    plan = yaml.safe_load((ROOT / "proposals/catalog/status-quo.yaml").read_text(encoding="utf-8"))
    # 40 rules with 2,000 characters of incompressible note each: far more than a link carries
    import random
    rnd = random.Random(1)
    plan["rules"] = [{"id": f"r{i}", "status": "undecided", "unverified": True,
                      "note": "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(2000))}
                     for i in range(40)]
    f = tmp_path / "big.yaml"
    f.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    r = run_cli("link", str(f))
    assert r.returncode == 1 and "share the YAML file instead" in r.stderr and r.stderr.startswith(f"{f}: ")


def pack(raw: bytes) -> str:
    import base64
    import zlib
    return "1." + base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


@pytest.mark.parametrize("payload,words", [
    ("1." + "A" * 500_000, "500,002 characters; a plan link has at most 8,000"),     # oversized
    (pack(b"a" * 5_000_000), "unpacks to more than 100 KB"),                            # a decompression bomb
    (link.encode(CATALOG.proposals["status-quo"])[:-30], "cut short"),                  # truncated
    ("1.eNq<script>alert(1)</script>", "damaged"),                                      # not base64url
    (pack(b"id: x\ntitle: [\n"), "invalid YAML"),                                       # not a plan
])
def test_bad_links_give_a_clear_notice(payload, words):
    at = builder(plan=payload)
    assert not at.exception
    found = [n for n in notices(at) if n.startswith("The plan in this link could not be opened — link")]
    assert len(found) == 1 and words in found[0].replace("\\", ""), found
    assert map_args(at)  # the builder still works, on an empty plan
    for view in ("map", "compare"):
        other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
        other.query_params.update({"view": view, "plan": payload, "a": "plan", "proposal": "plan"})
        other.run()
        assert not other.exception
        assert any(n.startswith("The plan in this link could not be opened") for n in notices(other)), view


def test_a_10_mb_link_opens_the_app_without_it():
    # Streamlit drops a query string over 512 Ki characters before the app sees it (and servers
    # refuse such request lines); proposals/link.py refuses a 10 MB payload itself (test_link.py).
    at = builder(plan="1." + "A" * 10 * 2**20)
    # the whole query string is dropped, so the landing page (the overview) opens, without error
    assert not at.exception and at.radio(key="view").value == "overview"
    assert any("Ukraine withdraws from (km², to Russia or demilitarised)" in d.value.columns for d in at.dataframe)


def test_a_script_in_the_title_is_shown_as_text():
    p = CATALOG.proposals["trump-2025-10-stop"].model_copy(
        update={"title": "<script>alert(1)</script><img src=x onerror=alert(2)>"})
    at = builder(plan=link.encode(p))
    assert not at.exception and not notices(at)
    assert any("opened from a link" in i.value for i in at.info)
    assert at.text_input(key="b:h:title").value == "<script>alert(1)</script><img src=x onerror=alert(2)>"
    shown = [m.value for m in at.markdown]
    assert any("\\<script\\>alert\\(1\\)\\</script\\>" in m for m in shown)
    assert not any(re.search(r"(?<!\\)<(script|img)", m) for m in shown)  # every < arrives escaped
    args = map_args(at)[0]
    assert "<script>alert" not in args["feature_group"]


def big_plan_yaml() -> str:
    """A valid plan whose link would be far longer than 8,000 characters: 40 rules with 2,000
    characters of incompressible note each."""
    import random
    rnd = random.Random(1)
    plan = yaml.safe_load((ROOT / "proposals/catalog/status-quo.yaml").read_text(encoding="utf-8"))
    plan["id"], plan["title"] = "big-plan", "A big plan"
    plan["rules"] = [{"id": f"r{i}", "where": {"oblasts": ["UA-14"]}, "status": "undecided", "unverified": True,
                      "note": "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(2000))}
                     for i in range(40)]
    return yaml.safe_dump(plan, allow_unicode=True)


def test_a_plan_too_big_for_a_link_says_so_and_offers_the_file():
    at = builder()
    at.file_uploader(key="upload_proposals").set_value(
        [("big.yaml", big_plan_yaml().encode(), "application/x-yaml")]).run()
    at.selectbox(key="b:start").set_value("big-plan").run()
    at.button(key="b:start_button").click().run()
    assert not at.exception
    assert at.text_input(key="b:h:title").value == "A big plan (edited copy)"
    warning = [w.value for w in at.warning if "cannot travel as a link" in w.value]
    assert len(warning) == 1 and "share the YAML file instead" in warning[0]
    assert not [c for c in at.code if "plan=1." in c.value]       # no link offered
    assert yaml.safe_load(plan_yaml(at))["id"] == "big-plan-edit"  # the file is
    assert "plan" not in at.query_params  # the address bar keeps no older plan
