"""Queries built by the ORM once per process, then run again with new values.

Building a queryset and compiling it to SQL costs far more CPU than running it: on the article
page, a union of three small index lookups took about 6 ms to build and compile and 0.2 ms to
run. The reader's pages ask the same few queries over and over with other values (a slug, the
time, a topic), so each is built once, with :class:`Param` where a value goes, compiled once per
database connection, and run with the values of the moment. Rows come back as the queryset would
give them (model instances with their ``select_related`` objects, dicts for ``values()``, tuples
for ``values_list()``), through Django's own converters.

What the cached SQL cannot hold is refused when it is built: a shape that depends on the values
(an ``IN`` over a list of varying length) belongs in the key of one :class:`PreparedQuery` per
shape, as ``latest_in_topics`` does with its number of topics.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Expression, Field, Model, QuerySet
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.sql.compiler import SQLCompiler

Row = TypeVar("Row")


@dataclass(frozen=True)
class _Slot:
    """Where a named value goes among a compiled query's parameters."""

    name: str
    field: Field


class Param(Expression):
    """A value given when a :class:`PreparedQuery` runs, in place of a literal in a filter:
    ``.filter(slug=Param("slug", models.CharField()))``. The field says how the value is stored
    (a time is written as the database writes times)."""

    def __init__(self, name: str, output_field: Field) -> None:
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler: SQLCompiler, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [_Slot(self.name, self.output_field)]

    def __repr__(self) -> str:
        return f"Param({self.name!r})"


class MissingValue(KeyError):
    """A prepared query was run without a value its SQL needs."""


@dataclass
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    compiler: SQLCompiler
    queryset: QuerySet[Any]
    names: tuple[str, ...]
    #: The columns' converters, as ``results_iter`` would look them up for every run.
    converters: dict[int, Any]
    #: For a query of model instances, how to build them.
    instances: _Instances | None

    def converted(self, rows: list[Any]) -> Iterable[Any]:
        """The rows as the database's and the fields' converters give them (lists where a
        column was converted, the driver's tuples otherwise)."""
        if not self.converters:
            return rows
        return self.compiler.apply_converters(rows, self.converters)


@dataclass(frozen=True)
class _Instances:
    """What building model instances from a compiled query's rows needs, found once."""

    model: type[Model]
    start: int
    end: int
    init_list: list[str]
    populators: list[Any]
    annotations: dict[str, int]


class PreparedQuery(Generic[Row]):
    """A queryset built by ``build()`` once, compiled once per database alias and run with
    ``fetch(**values)``: ``PreparedQuery(lambda: Topic.objects.filter(slug=Param(...)))``."""

    def __init__(self, build: Callable[[], QuerySet[Any]]) -> None:
        self._build = build
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def _compile(self, using: str) -> _Compiled:
        compiled = self._compiled.get(using)
        if compiled is not None:
            return compiled
        with self._lock:
            compiled = self._compiled.get(using)
            if compiled is None:
                queryset = self._build().using(using)
                if queryset._prefetch_related_lookups:
                    raise TypeError("a prepared query cannot prefetch: prefetch by hand instead")
                if queryset._iterable_class not in _KINDS:
                    raise TypeError(f"a prepared query cannot return {queryset._iterable_class}")
                compiler = queryset.query.get_compiler(using=using)
                sql, params = compiler.as_sql()
                query = queryset.query
                names = tuple(
                    query.selected
                    or [*query.extra_select, *query.values_select, *query.annotation_select]
                )
                columns = [column[0] for column in compiler.select[: compiler.col_count]]
                if compiler.has_composite_fields(columns):
                    raise TypeError("a prepared query cannot select a composite key")
                converters = compiler.get_converters(columns)
                instances = (
                    _instances(compiler, using)
                    if queryset._iterable_class is ModelIterable
                    else None
                )
                compiled = _Compiled(
                    sql, tuple(params), compiler, queryset, names, converters, instances
                )
                self._compiled[using] = compiled
        return compiled

    def sql(self, using: str = DEFAULT_DB_ALIAS) -> str:
        """The compiled SQL, with its placeholders (for tests and EXPLAIN)."""
        return self._compile(using).sql

    def fetch(self, using: str = DEFAULT_DB_ALIAS, **values: Any) -> list[Row]:
        """The rows for these values, as the queryset built would give them."""
        compiled = self._compile(using)
        connection = connections[using]
        params = []
        for param in compiled.params:
            if isinstance(param, _Slot):
                try:
                    value = values[param.name]
                except KeyError:
                    raise MissingValue(f"no value given for {param.name!r}") from None
                param = param.field.get_db_prep_value(value, connection, prepared=False)
            params.append(param)
        with _cursor(connection) as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return _KINDS[compiled.queryset._iterable_class](compiled, rows, using)


def plan_once_for_all_values(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On a new PostgreSQL connection that prepares statements, have the server plan each one
    once for all values (``plan_cache_mode``). By itself PostgreSQL keeps planning anew, for
    every run, a statement whose plan for any value it estimates dearer than for the values at
    hand, although the plan is the same: the page's most-read box and the topic listing, which
    spent several times their run time on planning it. Only statements the server holds are
    concerned; Django's own queries are bound on the client and planned as before."""
    if _prepares_statements(connection):
        with connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_generic_plan")


def _prepares_statements(connection: Any) -> bool:
    """Whether this open connection is PostgreSQL's with psycopg preparing statements (its
    ``prepare_threshold``, from the database's options; see the settings)."""
    return (
        connection.vendor == "postgresql"
        and getattr(connection.connection, "prepare_threshold", None) is not None
    )


def _cursor(connection: Any) -> Any:
    """A cursor for a prepared query: on PostgreSQL with prepared statements on (the
    connection's ``prepare_threshold``), one that binds values on the server, so that
    psycopg prepares the statement once the connection has run it that many times and the
    server stops planning it anew; Django's own cursors bind on the client, which leaves
    nothing to prepare. Django's wrapper turns its errors into Django's. While queries are
    logged (``DEBUG``, a test counting them), Django's own cursor is used: its log holds each
    query with its values, ready to run again or to explain."""
    if connection.vendor != "postgresql" or connection.queries_logged:
        return connection.cursor()
    connection.ensure_connection()
    if not _prepares_statements(connection):
        return connection.cursor()
    import psycopg

    return connection.make_cursor(psycopg.Cursor(connection.connection))


def _models(compiled: _Compiled, rows: list[Any], using: str) -> list[Any]:
    """Model instances with their ``select_related`` objects, as ``ModelIterable`` builds them."""
    plan = compiled.instances
    assert plan is not None
    model, start, end, init_list = plan.model, plan.start, plan.end, plan.init_list
    found = []
    for row in compiled.converted(rows):
        instance = model.from_db(using, init_list, row[start:end])
        for populator in plan.populators:
            populator.populate(row, instance)
        for name, position in plan.annotations.items():
            setattr(instance, name, row[position])
        found.append(instance)
    return found


def _instances(compiler: SQLCompiler, using: str) -> _Instances:
    """The slice of a row the model takes and the populators of its related objects
    (``RelatedPopulator`` keeps nothing between rows, so one serves every run)."""
    select, klass_info = compiler.select, compiler.klass_info
    assert klass_info is not None
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    return _Instances(
        model=klass_info["model"],
        start=start,
        end=end,
        init_list=[column[0].target.attname for column in select[start:end]],
        populators=get_related_populators(klass_info, select, using),
        annotations=dict(compiler.annotation_col_map or {}),
    )


def _dicts(compiled: _Compiled, rows: list[Any], using: str) -> list[dict[str, Any]]:
    names = compiled.names
    return [dict(zip(names, row, strict=True)) for row in compiled.converted(rows)]


def _tuples(compiled: _Compiled, rows: list[Any], using: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in compiled.converted(rows)]


def _flat(compiled: _Compiled, rows: list[Any], using: str) -> list[Any]:
    return [row[0] for row in compiled.converted(rows)]


_KINDS: dict[type, Callable[[_Compiled, list[Any], str], list[Any]]] = {
    ModelIterable: _models,
    ValuesIterable: _dicts,
    ValuesListIterable: _tuples,
    FlatValuesListIterable: _flat,
}


def give_prefetched(instance: Model, name: str, rows: list[Any]) -> None:
    """Hand ``rows`` to ``instance``'s related manager ``name`` as ``prefetch_related`` does, so
    that ``instance.<name>.all()`` answers from them without a query. The manager's queryset
    keeps its relation's filter, so a further ``filter()`` on it still asks the right rows."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}  # type: ignore[attr-defined]
    instance._prefetched_objects_cache[name] = queryset  # type: ignore[attr-defined]
