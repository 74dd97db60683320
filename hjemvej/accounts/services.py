"""Changes of a user's rights and password: never one's own, always in the audit log.

A user's role, municipality and shelter, the admin flags (``is_active``, ``is_staff``,
``is_superuser``) and the password change only here; the Django admin's user form shows them but
cannot change them (``hjemvej/accounts/admin.py``). Each service refuses a change of the acting
user's own account, so no administrator can raise their own rights or pick a password they then
use unseen, and writes one audit entry naming the fields changed (never a value, never a password).
A password set by someone else must be replaced by the user at their next login
(``User.password_change_required``, ``second_factor.PasswordChangeRequiredMiddleware``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction

from hjemvej.accounts.audit import record
from hjemvej.accounts.models import AuditAction, Municipality, Role, User

# Roles whose scope is a municipality (policy.citizens_for filters on it).
MUNICIPAL_ROLES = {Role.CASE_WORKER, Role.MANAGER}

OWN_ACCOUNT = (
    "Du kan ikke ændre din egen rolle, kommune, boform eller adgang, og ikke din egen adgangskode "
    "her. Bed en anden administrator om det; din egen adgangskode skifter du under »Skift "
    "adgangskode«."
)
ONLY_SUPERUSERS = (
    "Kun en superbruger kan give eller fjerne adgang til administrationen (medarbejderstatus og "
    "superbrugerstatus)."
)
RIGHTS_ELSEWHERE = (
    "Rolle, kommune, boform og adgang ændres under »Skift rolle og adgang«, adgangskoden under "
    "»Adgangskode«; ikke i brugerens stamdata."
)
MUNICIPAL_LOGIN = (
    "Brugeren logger ind med kommunens login og har ingen adgangskode i Hjemvej. Adgangskoden "
    "skiftes hos kommunens identitetsudbyder."
)


class AccessRefused(Exception):
    """A change of a user's rights the acting user may not make; ``field`` names the form field."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Access:
    """Everything that decides what a user may do and see in Hjemvej and its admin."""

    role: str
    municipality: Municipality | None
    shelter: models.Model | None  # a shelters.Shelter (a floor above: named by its model only)
    is_active: bool
    is_staff: bool
    is_superuser: bool

    @classmethod
    def of(cls, user: User) -> Access:
        """Return the user's access as it is now."""
        return cls(
            role=user.role,
            municipality=user.municipality,
            shelter=user.shelter,
            is_active=user.is_active,
            is_staff=user.is_staff,
            is_superuser=user.is_superuser,
        )


ACCESS_FIELDS = ("role", "municipality", "shelter", "is_active", "is_staff", "is_superuser")


def scope_problems(
    role: str | None, municipality: Municipality | None, shelter: models.Model | None
) -> dict[str, str]:
    """Return, per field, why the role and its scope (municipality, shelter) do not fit."""
    problems = {}
    if role == Role.SHELTER_STAFF and shelter is None:
        problems["shelter"] = "En medarbejder på en boform skal knyttes til sin boform."
    if role and role != Role.SHELTER_STAFF and shelter is not None:
        problems["shelter"] = "Kun medarbejdere på en boform knyttes til en boform."
    if role in MUNICIPAL_ROLES and municipality is None:
        problems["municipality"] = "Rollen ser kommunens borgere og skal have en kommune."
    return problems


def _refuse_own_account(actor: User, user: User) -> None:
    if user.pk is not None and actor.pk == user.pk:
        raise AccessRefused(OWN_ACCOUNT)


def user_set_access(*, actor: User, user: User, access: Access) -> list[str]:
    """Give another user a role, scope and admin flags; return the names of the fields changed."""
    _refuse_own_account(actor, user)
    for field, message in scope_problems(access.role, access.municipality, access.shelter).items():
        raise AccessRefused(message, field=field)
    before = Access.of(user)
    changed = [name for name in ACCESS_FIELDS if getattr(before, name) != getattr(access, name)]
    if not changed:
        return []
    flags = {"is_staff", "is_superuser"} & set(changed)
    if flags and not actor.is_superuser:
        raise AccessRefused(ONLY_SUPERUSERS, field=sorted(flags)[0])
    with transaction.atomic():
        for name in changed:
            setattr(user, name, getattr(access, name))
        user.save(update_fields=changed)
        record(actor=actor, action=AuditAction.UPDATE, obj=user, detail={"fields": changed})
    return changed


def user_set_password(*, actor: User, user: User, password: str | None) -> None:
    """Set another user's password (``None``: no password login), which they must then replace."""
    _refuse_own_account(actor, user)
    if user.oidc_subject:
        raise AccessRefused(MUNICIPAL_LOGIN, field="password1")
    with transaction.atomic():
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.password_change_required = password is not None
        user.save(update_fields=["password", "password_change_required"])
        record(actor=actor, action=AuditAction.UPDATE, obj=user, detail={"fields": ["password"]})


def user_create(*, actor: User, user: User) -> User:
    """Save a new user made by an administrator; a password given is replaced at first login."""
    for field, message in scope_problems(user.role, user.municipality, user.shelter).items():
        raise AccessRefused(message, field=field)
    if (user.is_staff or user.is_superuser) and not actor.is_superuser:
        raise AccessRefused(ONLY_SUPERUSERS, field="is_staff")
    with transaction.atomic():
        user.password_change_required = user.has_usable_password()
        user.save()
        fields = [name for name in ACCESS_FIELDS if getattr(user, name)]
        fields += ["password"] if user.has_usable_password() else []
        record(actor=actor, action=AuditAction.CREATE, obj=user, detail={"fields": fields})
    return user


def user_change_details(*, actor: User, user: User, fields: list[str]) -> None:
    """Save another user's (or one's own) name, username or e-mail, naming the fields changed."""
    rights = set(ACCESS_FIELDS) | {"password", "groups", "user_permissions", "oidc_subject"}
    if refused := sorted(rights & set(fields)):
        raise AccessRefused(RIGHTS_ELSEWHERE, field=refused[0])
    if not fields:
        return
    with transaction.atomic():
        user.save(update_fields=fields)
        record(actor=actor, action=AuditAction.UPDATE, obj=user, detail={"fields": fields})


def system_user(username: str, name: str) -> User:
    """Return the user a piece of work without a person is recorded under, made on first use.

    The nightly erasure and the command line's imports sign their audit entries with such a
    user: an administrator's role, inactive and without a password, so it can never sign in.
    """
    from django.contrib.auth.hashers import make_password

    user, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": Role.ADMIN,
            "is_active": False,
            "first_name": name,
            "password": make_password(None),
        },
    )
    return user
