"""Reading Rasa's SQL tracker store (the `events` table, SQLite or PostgreSQL) through SQLAlchemy only.

No Rasa server code: the report runs where the database is, without the assistant.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping

from tools.report.texts import ReportError, ReportTexts


@dataclass(frozen=True)
class StoredEvent:
    """One row of Rasa's `events` table, with the JSON parsed."""

    sender_id: str
    type_name: str
    timestamp: float
    data: Mapping[str, Any]

    @property
    def name(self) -> str | None:
        value = self.data.get("name")
        return value if isinstance(value, str) else None


def describe_url(url: Any) -> str:
    try:
        return url.render_as_string(hide_password=True)
    except AttributeError:
        return str(url)


def _reason(exc: BaseException) -> str:
    detail = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(detail).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def read_events(db_url: str, texts: ReportTexts) -> Iterator[StoredEvent]:
    """Every stored event, grouped by conversation and in the order Rasa wrote them.

    Raises ReportError (Danish) when the database cannot be read; an absent
    `events` table is an empty store.
    """
    import sqlalchemy as sa

    try:
        url = sa.engine.make_url(db_url)
    except sa.exc.ArgumentError as exc:
        raise ReportError(texts("messages.bad_address", database=db_url, reason=_reason(exc))) from exc
    shown = describe_url(url)
    if (
        url.get_backend_name() == "sqlite"
        and url.database
        and url.database != ":memory:"
        and not url.database.startswith("file:")
        and not Path(url.database).is_file()
    ):
        # SQLite would quietly create an empty file; a wrong path must say so instead.
        raise ReportError(texts("messages.missing_database", database=url.database))
    connect_args = {"connect_timeout": 10} if url.get_backend_name() == "postgresql" else {}
    try:
        engine = sa.create_engine(url, connect_args=connect_args)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise ReportError(texts("messages.bad_address", database=shown, reason=_reason(exc))) from exc
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("events"):
                return
            rows = conn.execution_options(stream_results=True).execute(
                sa.text("SELECT sender_id, type_name, timestamp, data FROM events ORDER BY sender_id, id")
            )
            for sender_id, type_name, timestamp, raw in rows:
                try:
                    data = json.loads(raw) if raw else {}
                except ValueError:
                    data = {}
                yield StoredEvent(
                    sender_id, type_name, float(timestamp or 0.0), data if isinstance(data, Mapping) else {}
                )
    except sa.exc.SQLAlchemyError as exc:
        raise ReportError(texts("messages.unreachable", database=shown, reason=_reason(exc))) from exc
    finally:
        engine.dispose()
