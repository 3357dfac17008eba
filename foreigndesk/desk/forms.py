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
