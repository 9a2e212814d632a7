"""Settlements: key cities pinned by GeoNames id, stale populations fixed, no double counting."""
import pytest

from geo.inputs.settlements import load_settlements


@pytest.fixture(scope="module")
def s():
    return load_settlements().set_index("geonameid")


def test_key_cities_pinned_with_current_spelling(s):
    assert s.loc[687700, "name"] == "Zaporizhzhia"   # an exact-name lookup finds a village of 656
    assert s.loc[687700, "population"] > 700_000     # 710,052 in 2022 (SSSU)
    assert s.loc[693468, "name"] == "Sloviansk"
    assert s.loc[705104, "name"] == "Kostiantynivka"
    assert s.loc[693468, "key"] and s.loc[704508, "key"]


def test_stale_populations_replaced_by_official_2022_estimates(s):
    assert s.loc[706448, "population"] == 279_131  # Kherson; GeoNames says 66,000
    assert s.loc[701822, "population"] == 425_681  # Mariupol; GeoNames says 230,000


def test_city_districts_are_not_counted_twice(s):
    # GeoNames ids of city districts: Kyiv's Obolon, Darnytsia, Desna; Kharkiv's Saltivka.
    for district in (8519916, 13580095, 13546519, 6722148):
        assert district not in s.index
    # Kyiv city's 2,952,301 people (SSSU 2022) are counted once: GeoNames places within 15 km of
    # the centre add up to about that, not to the 2x that districts would give.
    kyiv = s.loc[703448, "geometry"]
    near = s[s.geometry.distance(kyiv) < 15_000]
    assert near.population.sum() == pytest.approx(2_952_301, rel=0.15)


def test_total_is_a_plausible_share_of_prewar_population(s):
    # SSSU 2022: 41.17 million without Crimea and Sevastopol (about 2.4 million more).
    total = s.population.sum()
    assert 0.75 * 43.5e6 < total < 1.0 * 43.5e6
