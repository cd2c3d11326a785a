"""SQLite statements with list parameters: each ``IN :name`` expanded to one parameter per
value, whatever the list's length from call to call (the text is cached per length)."""

from __future__ import annotations

from parley.store.sqlite_params import prepare

SQL = "SELECT 1 FROM t WHERE org = :org AND id IN :ids AND cid = :cid AND x in :cids"


def test_lists_are_expanded_per_call_and_scalars_kept() -> None:
    for size in (3, 1, 0, 3):
        ids = list(range(10, 10 + size))
        sql, args = prepare(SQL, {"org": "o", "ids": ids, "cid": 5, "cids": ["a", "b"]})
        expanded = ", ".join(f":ids__{i}" for i in range(size))
        assert sql == (
            f"SELECT 1 FROM t WHERE org = :org AND id IN ({expanded}) AND cid = :cid "
            "AND x IN (:cids__0, :cids__1)"
        )
        assert args == {
            "org": "o",
            "cid": 5,
            **{f"ids__{i}": v for i, v in enumerate(ids)},
            "cids__0": "a",
            "cids__1": "b",
        }


def test_a_list_not_used_with_in_is_passed_as_it_is() -> None:
    sql, args = prepare("SELECT :cid", {"cid": [1, 2]})
    assert (sql, args) == ("SELECT :cid", {"cid": [1, 2]})
