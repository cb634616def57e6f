"""allauth's sign-in form, in a module of its own: accounts.forms is allauth's signup form
class, which allauth.account.forms imports while it loads, so that module must not import it.
"""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    """The "remember me" box says that it does not apply to staff (StaffSessionMiddleware)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        remember = self.fields.get("remember")
        if remember is not None:
            remember.help_text = _(
                "Not for staff accounts: they are always signed out when the browser closes "
                "or after a while without activity."
            )
