"""The CPU-only rewrites of deidspeed13 give exactly what the code they replaced gave."""

from __future__ import annotations

from tests._support.deid import speed_notes


def _notes() -> list[str]:
    return [*speed_notes(40, 31), "", "J. SMITH RN", "mary x. o'neil, md\nPT AWARE", "Dr. Q aware"]


def test_token_view_counts_match_the_comprehensions():
    from meddx.deid._tokens import title_count, token_keys, tokenize, upper_count

    for text in _notes():
        toks = tokenize(text)
        assert token_keys(toks) == [t.key for t in toks]
        assert token_keys(toks) is token_keys(toks)  # built once per list
        assert title_count(toks) == sum(t.cap and not t.upper for t in toks)
        assert title_count(toks, 2) == sum(t.cap and not t.upper and len(t.text) > 1 for t in toks)
        assert upper_count(toks) == sum(t.upper for t in toks)


def test_token_view_is_per_list_not_per_content():
    from meddx.deid._tokens import title_count, token_keys, tokenize

    toks = tokenize("Seen by Ann Lee RN at Mercy")
    part = toks[:2]
    assert token_keys(part) == ["seen", "by"]
    assert title_count(part) == 1
    assert token_keys(toks) == ["seen", "by", "ann", "lee", "rn", "at", "mercy"]
    assert title_count(toks) == 4
    for _ in range(20):  # the small cache is cleared when full: values are rebuilt, still right
        other = tokenize("x " * 3)[:]
        assert token_keys(other) == ["x", "x", "x"]
    assert token_keys(toks) == ["seen", "by", "ann", "lee", "rn", "at", "mercy"]
