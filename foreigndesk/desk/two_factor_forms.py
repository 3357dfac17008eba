"""The desk's two-factor form: a code from the person's authenticator app."""

from __future__ import annotations

from django import forms


class AuthenticatorCodeForm(forms.Form):
    """The six digits an authenticator app shows (checked by the action, not here)."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        error_messages={"required": "Enter the six-digit code your authenticator app shows."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )
