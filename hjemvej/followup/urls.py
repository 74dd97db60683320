"""URLs of follow-up: the task list (``urls_tasks``) and a citizen's records (``urls_records``)."""

from hjemvej.followup import urls_records, urls_tasks

app_name = "followup"

urlpatterns = [*urls_tasks.urlpatterns, *urls_records.urlpatterns]
