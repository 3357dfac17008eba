"""The desk's import forms: input checks only; the import itself is an action."""

from __future__ import annotations

from django import forms


class URLImportForm(forms.Form):
    """An article's address, fetched by a background task."""

    url = forms.URLField(
        label="Address of the article",
        max_length=2000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://", "size": 60}),
    )

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Only http and https addresses can be imported.")
        return url


class PasteImportForm(forms.Form):
    """A pasted article: its title on the first line, then the text."""

    text = forms.CharField(
        label="Title and text of the article",
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 70}),
        help_text="The title on the first line, then the text; leave a blank line between paragraphs.",
    )
    url = forms.URLField(
        label="Address of the original (if it has one)",
        required=False,
        max_length=1000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://", "size": 60}),
        help_text="The outlet is recognised by its web address; a printed article has none.",
    )


class UploadImportForm(forms.Form):
    """An article saved as a file: an HTML page or a text file."""

    file = forms.FileField(
        label="The article's file",
        help_text="A web page saved from the browser (.html) or a text file (.txt): the title, "
        "then the text. The outlet is recognised from the page's address when it names one.",
        widget=forms.ClearableFileInput(attrs={"accept": ".html,.htm,.xhtml,.txt,.text,.md"}),
    )


class PageImportForm(forms.Form):
    """A published bilingual page (translation and original), as a file or copied text."""

    file = forms.FileField(
        label="The page saved as a file",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".html,.htm,.xhtml,.txt,.text"}),
    )
    text = forms.CharField(
        label="or the page's text, copied from the browser",
        required=False,
        max_length=2_000_000,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 70}),
        help_text="The whole page: title, dateline, credits, the translation, then the original.",
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("file") and not str(data.get("text") or "").strip():
            raise forms.ValidationError("Choose the page's file or paste its text.")
        if data.get("file") and str(data.get("text") or "").strip():
            raise forms.ValidationError("Give the page once: a file or its text, not both.")
        return data
