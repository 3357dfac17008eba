"""The translation memory at the desk: its language pairs, a TMX file of each, and an import of
TMX files for editors."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from foreigndesk.core.models import Language
from foreigndesk.workbench.memory import pair_counts
from foreigndesk.workbench.tmx import export_tmx, import_tmx

from ..access import desk_page
from ..workbench_forms import MemoryImportForm

#: Everyone at the desk may see and take the memory; editors and admins add to it.
memory_readers = desk_page("workbench.view_memoryentry")
memory_keepers = desk_page("workbench.add_memoryentry")


def _page(
    request: HttpRequest, form: MemoryImportForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "desk/memory.html",
        {
            "pairs": pair_counts(),
            "form": form or MemoryImportForm(),
            "max_bytes": settings.FOREIGNDESK_MEMORY_TMX_MAX_BYTES,
        },
        status=status,
    )


@memory_readers
@require_GET
def memory(request: HttpRequest) -> HttpResponse:
    """The memory's language pairs with their counts, exports, and the import form."""
    return _page(request)


@memory_readers
@require_GET
def memory_export(request: HttpRequest, source: str, target: str) -> HttpResponse:
    """One language pair of the memory as a TMX 1.4b download."""
    if Language.objects.filter(code__in=[source, target]).count() != len({source, target}):
        raise Http404("The desk has no such language pair.")
    response = HttpResponse(
        export_tmx(source_language=source, target_language=target),
        content_type="application/x-tmx+xml",
    )
    response["Content-Disposition"] = f'attachment; filename="memory-{source}-{target}.tmx"'
    return response


def _read(upload: UploadedFile) -> bytes:
    """The upload's bytes, refused before reading when it is over the limit."""
    limit = settings.FOREIGNDESK_MEMORY_TMX_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            f"“{upload.name}” is {upload.size:,} bytes; a TMX file may be at most {limit:,} bytes."
        )
    return b"".join(upload.chunks())


@memory_keepers
@require_POST
def memory_import(request: HttpRequest) -> HttpResponse:
    """Add a TMX file to the memory, all of it or, when anything in it is wrong, none."""
    form = MemoryImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    upload = form.cleaned_data["file"]
    name = (upload.name or "upload.tmx")[:200]
    try:
        result = import_tmx(_read(upload), name=name)
    except ValidationError as error:
        form.add_error("file", error)
        return _page(request, form, status=400)
    pairs = ", ".join(f"{pair} {count}" for pair, count in result.pairs.items())
    skipped = (
        f"; {result.untranslated} without a translation left out" if result.untranslated else ""
    )
    units = "1 unit" if result.units == 1 else f"{result.units} units"
    added = "1 new memory entry" if result.added == 1 else f"{result.added} new memory entries"
    messages.success(
        request, f"“{name}”: {units} ({pairs}){skipped}; {added}, the rest were there already."
    )
    return redirect("desk:memory")
