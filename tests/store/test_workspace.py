"""The workspace: init, open, folders, settings, the lazy connection and transactions."""

from __future__ import annotations

import pyarrow as pa
import pytest

from meetpoint.errors import WorkspaceError
from meetpoint.store import SETTINGS, Config, Workspace
from meetpoint.store.config import read_config, write_config


def test_init_creates_layout_and_defaults(tmp_path):
    ws = Workspace.init(tmp_path / "ws")
    names = sorted(p.name for p in ws.root.iterdir())
    assert names == ["agreements", "cdrs", "meetpoint.duckdb", "meetpoint.toml", "reference", "reports"]
    assert ws.config == Config(timezone="America/Chicago", vh_method="tariff", backend="duckdb")
    assert ws.dir("reference") == ws.root / "reference"
    ws.close()


def test_init_twice_is_an_error_unless_exist_ok(tmp_path):
    Workspace.init(tmp_path).close()
    with pytest.raises(WorkspaceError, match="already a Meetpoint workspace"):
        Workspace.init(tmp_path)
    Workspace.init(tmp_path, exist_ok=True).close()


def test_open_requires_a_workspace(tmp_path):
    with pytest.raises(WorkspaceError, match="not a Meetpoint workspace"):
        Workspace.open(tmp_path)
    with pytest.raises(WorkspaceError, match="no such folder"):
        Workspace.open(tmp_path / "missing")


def test_open_reads_settings(tmp_path):
    Workspace.init(tmp_path, config=Config(timezone="America/New_York", vh_method="plain")).close()
    ws = Workspace.open(tmp_path)
    assert ws.config.timezone == "America/New_York"
    assert ws.config.vh_method == "plain"


def test_every_setting_has_a_default_and_help():
    cfg = Config()
    for s in SETTINGS:
        assert s.help and getattr(cfg, s.name) == s.default
    assert list(cfg.as_dict()) == [s.name for s in SETTINGS]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[meetpoint]\ncolour = "blue"\n', "unknown setting"),
        ('[meetpoint]\nvh_method = "guess"\n', "allowed: tariff, plain"),
        ('[meetpoint]\ntimezone = "Mars/Olympus"\n', "not an IANA time zone"),
        ('[meetpoint]\ntimezone = 5\n', "must be a string"),
        ("[meetpoint\n", "not valid TOML"),
    ],
)
def test_bad_settings_name_file_and_key(tmp_path, text, message):
    path = tmp_path / "meetpoint.toml"
    path.write_text(text)
    with pytest.raises(WorkspaceError, match=message) as info:
        read_config(path)
    assert str(path) in str(info.value)


def test_missing_keys_take_defaults(tmp_path):
    path = tmp_path / "meetpoint.toml"
    path.write_text('[meetpoint]\ntimezone = "America/Denver"\n')
    assert read_config(path) == Config(timezone="America/Denver")
    write_config(path, Config())
    assert read_config(path) == Config()


def test_pyspark_backend_is_declared_but_not_available(tmp_path):
    ws = Workspace.init(tmp_path, config=Config(backend="pyspark"))
    with pytest.raises(WorkspaceError, match="not available yet"):
        ws.con  # noqa: B018


def test_connection_is_lazy_and_reopens(tmp_path):
    ws = Workspace.init(tmp_path)
    ws.close()
    assert ws._con is None
    ws.run_sql("CREATE TABLE t AS SELECT 42 AS x")
    ws.close()
    assert Workspace.open(tmp_path).table("t").x.sum().execute() == 42


def test_transaction_commits_or_rolls_back(tmp_path):
    ws = Workspace.init(tmp_path)
    ws.run_sql("CREATE TABLE t (x INTEGER)")
    with ws.transaction():
        ws.run_sql("INSERT INTO t VALUES (1)")
        with ws.transaction():  # nested: joins the outer one
            ws.write_arrow("t", pa.table({"x": [2]}), replace=False)
    with pytest.raises(RuntimeError):
        with ws.transaction():
            ws.run_sql("INSERT INTO t VALUES (3)")
            ws.write_arrow("t", pa.table({"x": [4]}), replace=False)
            raise RuntimeError("boom")
    assert sorted(ws.table("t").x.to_pyarrow().to_pylist()) == [1, 2]
    ws.close()


def test_unknown_folder_and_table(tmp_path):
    ws = Workspace.init(tmp_path)
    with pytest.raises(WorkspaceError, match="no workspace folder"):
        ws.dir("secrets")
    with pytest.raises(WorkspaceError, match="no table"):
        ws.table("nothing")
    ws.close()
