"""Imports at the desk: an article by its address, pasted or uploaded, a published bilingual page,
and the results for the asker."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from foreigndesk.core.ratelimits import limited
from foreigndesk.intake.import_requests import request_import
from foreigndesk.intake.models import ImportRequest, Original
from foreigndesk.intake.selectors import import_requests_of
from foreigndesk.newsroom.page_import import request_page_import

from ..access import desk_page
from ..forms import PageImportForm, PasteImportForm, UploadImportForm, URLImportForm

#: Editors bring articles in (the "add original" permission of their role).
importers_only = desk_page("intake.add_original")


def _imports_page(
    request: HttpRequest,
    url_form: URLImportForm | None = None,
    paste_form: PasteImportForm | None = None,
    upload_form: UploadImportForm | None = None,
    page_form: PageImportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "desk/imports.html",
        {
            "url_form": url_form or URLImportForm(),
            "paste_form": paste_form or PasteImportForm(),
            "upload_form": upload_form or UploadImportForm(),
            "page_form": page_form or PageImportForm(),
            "max_bytes": settings.FETCH_MAX_BYTES,
            "import_requests": import_requests_of(request.user),
            "suggested": Original.objects.filter(state=Original.State.SUGGESTED)
            .select_related("language", "outlet")
            .order_by("-created_at")[:10],
        },
        status=status,
    )


@importers_only
def imports(request: HttpRequest) -> HttpResponse:
    """The import forms, the person's latest imports and the latest suggestions."""
    return _imports_page(request)


@importers_only
@require_POST
@limited("imports", key="user")
def import_url(request: HttpRequest) -> HttpResponse:
    """Queue the import of an address."""
    form = URLImportForm(request.POST)
    if not form.is_valid():
        return _imports_page(request, url_form=form, status=400)
    try:
        job = request_import(
            user=request.user, kind=ImportRequest.Kind.URL, url=form.cleaned_data["url"]
        )
    except ValidationError as error:
        form.add_error("url", error)
        return _imports_page(request, url_form=form, status=400)
    return redirect("desk:import_request", pk=job.pk)


@importers_only
@require_POST
@limited("imports", key="user")
def import_paste(request: HttpRequest) -> HttpResponse:
    """Queue the import of a pasted text."""
    form = PasteImportForm(request.POST)
    if not form.is_valid():
        return _imports_page(request, paste_form=form, status=400)
    try:
        job = request_import(
            user=request.user,
            kind=ImportRequest.Kind.PASTE,
            text=form.cleaned_data["text"],
            url=form.cleaned_data["url"],
        )
    except ValidationError as error:
        form.add_error("text", error)
        return _imports_page(request, paste_form=form, status=400)
    return redirect("desk:import_request", pk=job.pk)


def _read_upload(upload: UploadedFile) -> bytes:
    """An upload's bytes, refused before reading when it is over the import size limit."""
    if upload.size is not None and upload.size > settings.FETCH_MAX_BYTES:
        raise ValidationError(
            f"{upload.name} is {upload.size:,} bytes, more than the limit of "
            f"{settings.FETCH_MAX_BYTES:,} bytes."
        )
    return b"".join(upload.chunks())


@importers_only
@require_POST
@limited("imports", key="user")
def import_upload(request: HttpRequest) -> HttpResponse:
    """Queue the import of an uploaded HTML or text file as a suggested original."""
    form = UploadImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _imports_page(request, upload_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        job = request_import(
            user=request.user,
            kind=ImportRequest.Kind.FILE,
            data=_read_upload(upload),
            filename=upload.name or "",
        )
    except ValidationError as error:
        form.add_error("file", error)
        return _imports_page(request, upload_form=form, status=400)
    return redirect("desk:import_request", pk=job.pk)


@importers_only
@require_POST
@limited("imports", key="user")
def import_page(request: HttpRequest) -> HttpResponse:
    """Queue the import of a published bilingual page: translation, original and credits."""
    form = PageImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _imports_page(request, page_form=form, status=400)
    upload = form.cleaned_data.get("file")
    try:
        if upload:
            data, filename = _read_upload(upload), upload.name or ""
        else:
            data, filename = form.cleaned_data["text"].encode("utf-8"), "copied text"
        job = request_page_import(user=request.user, data=data, filename=filename)
    except ValidationError as error:
        form.add_error("file" if upload else "text", error)
        return _imports_page(request, page_form=form, status=400)
    return redirect("desk:import_request", pk=job.pk)


@importers_only
def import_request(request: HttpRequest, pk: int) -> HttpResponse:
    """The result or the error of one of the person's own imports."""
    job = get_object_or_404(
        ImportRequest.objects.select_related("original__language", "original__outlet"),
        pk=pk,
        requested_by=request.user,
    )
    return render(request, "desk/import_request.html", {"job": job})
