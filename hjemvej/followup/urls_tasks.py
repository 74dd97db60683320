"""URLs of the task list, the weekly follow-up and hand-written tasks."""

from django.urls import path

from hjemvej.followup.views import tasks

urlpatterns = [
    path("opgaver/", tasks.task_list, name="task_list"),
    path("opgaver/ugentlig/", tasks.weekly, name="weekly"),
    path("opgaver/<int:task_pk>/udfoert/", tasks.task_done, name="task_done"),
    path("borgere/<int:pk>/opgave/ny/", tasks.task_create, name="task_create"),
]
