"""The login form, in Danish."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Django's authentication form with Danish messages and autocomplete hints."""

    error_messages = {
        "invalid_login": "Forkert brugernavn eller adgangskode. Bemærk store og små bogstaver.",
        "inactive": "Brugeren er deaktiveret.",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = "Brugernavn"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})
        self.fields["password"].label = "Adgangskode"
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
