"""Support courses in bulk: ``courses_create_many``, the bulk variant of ``course_create``.

Each course is checked by the same ``course_build`` (the kind, the dates and cost, CTI's phase 1,
the review date and its default, the § 85 a choice of staff); the bulk variant writes the same
records and audit entries as ``course_create`` would one by one, in one insert per batch.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, AuditEntry, User
from hjemvej.support.models import SupportCourse
from hjemvej.support.services import course_created_detail

BATCH = 1000


def courses_create_many(*, actor: User, courses: Sequence[SupportCourse]) -> list[SupportCourse]:
    """Record courses checked by ``course_build`` as ``course_create`` would each, all or nothing.

    The courses and their audit entries (one each, chained in order) are inserted in bulk.
    """
    with transaction.atomic():
        SupportCourse.objects.bulk_create(courses, batch_size=BATCH)
        AuditEntry.objects.bulk_create(
            [
                audit.unsaved(
                    actor=actor,
                    action=AuditAction.CREATE,
                    citizen=course.citizen,
                    obj=course,
                    detail=course_created_detail(course),
                )
                for course in courses
            ],
            batch_size=BATCH,
        )
    return list(courses)
