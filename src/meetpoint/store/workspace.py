"""The workspace: a folder with ``meetpoint.toml``, ``meetpoint.duckdb`` and data folders.

Everything that stores or reads data goes through a :class:`Workspace`: it hands out the one Ibis
connection (:attr:`Workspace.con`, opened lazily) and the folders; nothing else opens files or
connections of its own.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp()) / "ws"
>>> ws = Workspace.init(root)
>>> sorted(p.name for p in root.iterdir())
['agreements', 'cdrs', 'meetpoint.duckdb', 'meetpoint.toml', 'reference', 'reports']
>>> ws.config.timezone
'America/Chicago'
>>> with ws.transaction():
...     _ = ws.run_sql("CREATE TABLE t AS SELECT 1 AS x")
>>> ws.con.table("t").count().execute()
1
>>> ws.close()
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import Any, Iterable, Iterator

from meetpoint.errors import WorkspaceError
from meetpoint.store.config import CONFIG_FILE, Config, read_config, write_config

__all__ = ["DATABASE_FILE", "FOLDERS", "Workspace"]

#: The DuckDB file holding reference tables and results.
DATABASE_FILE = "meetpoint.duckdb"
#: The data folders of a workspace; :meth:`Workspace.dir` hands them out.
FOLDERS = ("agreements", "reference", "cdrs", "reports")
#: DuckDB's memory limit for a workspace connection (DuckDB's own default is 80 % of RAM);
#: ``MEETPOINT_MEMORY_LIMIT`` (e.g. ``4GB``) overrides it. Above the limit, joins, aggregations
#: and sorts spill to :data:`TEMP_FOLDER`, so ingest and rating stay flat in memory with N.
MEMORY_LIMIT = "1.5GB"
#: Where DuckDB spills, inside the workspace (created by DuckDB only when it spills).
TEMP_FOLDER = ".duckdb_tmp"


def _check_identifier(name: str) -> None:
    """Names put into SQL by the workspace's SQL helpers are plain identifiers (never user input)."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"not a plain SQL identifier: {name!r}")


class Workspace:
    """One workspace folder. Create with :meth:`init`, open with :meth:`open`."""

    def __init__(self, root: Path, config: Config) -> None:
        self.root = Path(root).resolve()
        self.config = config
        self._con: Any = None
        self._tx_depth = 0
        #: Ibis handles of tables whose columns never change (the reference tables), by name:
        #: resolved once per connection (:func:`meetpoint.network.tables.read`), so that building
        #: an expression from them needs no query, and can run while the connection is busy.
        self.handles: dict[str, Any] = {}

    # --- create / open ------------------------------------------------------------------------

    @classmethod
    def init(cls, path: str | Path, *, config: Config | None = None, exist_ok: bool = False) -> "Workspace":
        """Create a workspace at ``path`` (folders, ``meetpoint.toml``, an empty DuckDB file).

        An existing workspace is an error unless ``exist_ok``; then it is opened unchanged.
        """
        root = Path(path)
        toml = root / CONFIG_FILE
        if toml.exists():
            if exist_ok:
                return cls.open(root)
            raise WorkspaceError(f"{root}: already a Meetpoint workspace ({CONFIG_FILE} exists)")
        if root.exists() and not root.is_dir():
            raise WorkspaceError(f"{root}: exists and is not a folder")
        root.mkdir(parents=True, exist_ok=True)
        for name in FOLDERS:
            (root / name).mkdir(exist_ok=True)
        write_config(toml, config or Config())
        ws = cls(root, read_config(toml))
        if ws.config.backend == "duckdb":
            ws.con  # creates the database file  # noqa: B018
        return ws

    @classmethod
    def open(cls, path: str | Path) -> "Workspace":
        """Open the workspace at ``path`` (WorkspaceError when it is not one)."""
        root = Path(path)
        if not root.is_dir():
            raise WorkspaceError(f"{root}: no such folder; create a workspace with `meetpoint init {root}`")
        return cls(root, read_config(root / CONFIG_FILE))

    # --- storage ------------------------------------------------------------------------------

    @property
    def database(self) -> Path:
        """Path of the DuckDB file."""
        return self.root / DATABASE_FILE

    @property
    def con(self) -> Any:
        """The Ibis connection (DuckDB on :attr:`database`), opened on first use."""
        if self._con is None:
            self._con = self._connect()
        return self._con

    def _connect(self) -> Any:
        if self.config.backend != "duckdb":
            raise WorkspaceError(
                f"{self.root / CONFIG_FILE}: backend {self.config.backend!r} is not available yet; use 'duckdb'"
            )
        import ibis

        limit = os.environ.get("MEETPOINT_MEMORY_LIMIT") or MEMORY_LIMIT
        try:
            con = ibis.duckdb.connect(str(self.database))
        except Exception as exc:  # duckdb.IOException (locked, unreadable), ...
            raise WorkspaceError(f"{self.database}: cannot open the workspace database: {exc}") from exc
        try:
            con.con.execute(f"SET memory_limit = '{limit}'")
        except Exception as exc:  # duckdb.InvalidInputException: not a size
            raise WorkspaceError(f"MEETPOINT_MEMORY_LIMIT is {limit!r}, not a DuckDB memory size (e.g. '4GB'): {exc}") from exc
        con.con.execute("SET temp_directory = ?", [str(self.root / TEMP_FOLDER)])
        return con

    def dir(self, name: str) -> Path:
        """One of the data folders (``agreements``, ``reference``, ``cdrs``, ``reports``), created if missing."""
        if name not in FOLDERS:
            raise WorkspaceError(f"no workspace folder {name!r}; folders: {', '.join(FOLDERS)}")
        path = self.root / name
        path.mkdir(exist_ok=True)
        return path

    def has_table(self, name: str) -> bool:
        """True when the workspace database holds a table (or view) ``name``."""
        rows = self.run_sql(
            "SELECT 1 FROM information_schema.tables WHERE table_name = ? AND table_schema = 'main'", [name]
        )
        return bool(rows)

    def run_sql(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run one SQL statement on the DuckDB connection and fetch every row.

        The result is always fetched completely: DuckDB 2 refuses further work on a connection
        whose last result is unfinished, which Ibis' ``raw_sql`` leaves behind.
        """
        cur = self.con.con.execute(sql, params or [])
        try:
            return cur.fetchall()
        except Exception:  # statements without a result set
            return []

    def write_arrow(self, name: str, data: Any, *, replace: bool = True) -> None:
        """Store a pyarrow table as workspace table ``name`` (replacing it, or appending to it).

        Goes through DuckDB directly (Ibis 12's ``create_table`` from in-memory data emits SQL
        DuckDB 2 rejects); takes part in an open :meth:`transaction`.
        """
        raw = self.con.con
        view = f"_meetpoint_arrow_{id(data):x}"
        raw.register(view, data)
        try:
            if replace:
                raw.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM "{view}"').fetchall()
            else:
                raw.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM "{view}"').fetchall()
        finally:
            raw.unregister(view)

    def sql_with(self, tables: dict[str, Any], query: str) -> str:
        """SQL text: ``query``, a SQL ``SELECT`` reading each Ibis table of ``tables`` under its
        name, compiled into a ``WITH`` clause.

        For what Ibis cannot say (``GROUPING SETS``); run it as it is (:meth:`run_sql`), or wrap
        it in ``con.sql(text, schema=...)``. The in-memory tables the Ibis tables read are
        registered on the connection (Ibis itself does that only when it executes an expression).
        """
        ctes = []
        for name, expr in tables.items():
            _check_identifier(name)
            self.register(expr)
            ctes.append(f'"{name}" AS ({self.con.compile(expr)})')
        return f"WITH {', '.join(ctes)} {query}"

    def register(self, expr: Any) -> None:
        """Register on the connection the in-memory tables and UDFs the Ibis ``expr`` reads (Ibis
        does this itself only when it executes an expression), so that SQL compiled from ``expr``
        (``con.compile``) can run as is: :meth:`arrow_of`."""
        self.con._run_pre_execute_hooks(expr)  # Ibis 12

    def arrow_of(self, expr: Any, sql: str) -> Any:
        """Run ``sql``, compiled from the Ibis table ``expr`` (perhaps in another thread, while the
        connection was busy), and return its rows as a pyarrow table typed as ``expr.to_pyarrow()``
        would type them."""
        from ibis.backends.duckdb.converter import DuckDBPyArrowData

        self.register(expr)
        return expr.__pyarrow_result__(self.con.con.sql(sql).to_arrow_table(), data_mapper=DuckDBPyArrowData)

    def insert_of(self, name: str, columns: Iterable[str], expr: Any, sql: str) -> int:
        """Append to table ``name`` the ``columns`` of the rows of ``sql``, compiled from the Ibis
        table ``expr`` (as :meth:`arrow_of`), without fetching them; returns the number of rows.
        Takes part in an open :meth:`transaction`."""
        self.register(expr)
        for n in (name, *columns):
            _check_identifier(n)
        cols = ", ".join(f'"{c}"' for c in columns)
        (n,) = self.con.con.execute(f'INSERT INTO "{name}" ({cols}) SELECT {cols} FROM ({sql})').fetchone()
        return int(n)

    def table(self, name: str) -> Any:
        """The Ibis table ``name`` (WorkspaceError when it does not exist)."""
        if not self.has_table(name):
            raise WorkspaceError(f"{self.database}: no table {name!r}")
        return self.con.table(name)

    @contextlib.contextmanager
    def unordered(self) -> Iterator["Workspace"]:
        """Inside the block DuckDB may produce rows in any order (``preserve_insertion_order =
        false``): faster scans, aggregations and writes, for work whose results do not depend on
        row order (ingest, the rate step). The setting is restored afterwards."""
        raw = self.con.con
        (was,) = raw.execute("SELECT current_setting('preserve_insertion_order')").fetchone()
        raw.execute("SET preserve_insertion_order = false")
        try:
            yield self
        finally:
            raw.execute(f"SET preserve_insertion_order = {'true' if was else 'false'}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Workspace"]:
        """All writes inside the block commit together or not at all.

        Uses the DuckDB connection's own ``BEGIN``/``COMMIT``/``ROLLBACK``; Ibis calls made on
        :attr:`con` inside the block take part. Nested blocks join the outer transaction.
        """
        raw = self.con.con
        if self._tx_depth:
            self._tx_depth += 1
            try:
                yield self
            finally:
                self._tx_depth -= 1
            return
        raw.begin()
        self._tx_depth = 1
        try:
            yield self
        except BaseException:
            self._tx_depth = 0
            raw.rollback()
            self.handles.clear()  # a table created inside the block is gone again
            raise
        self._tx_depth = 0
        try:
            raw.commit()
        except BaseException:
            self.handles.clear()  # a failed commit rolls back too
            raise

    def close(self) -> None:
        """Close the connection (it reopens on next use)."""
        if self._con is not None:
            with contextlib.suppress(Exception):
                self._con.disconnect()
            self._con = None
        self.handles.clear()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Workspace({str(self.root)!r})"
