"""URL configuration: Danish paths, no personal data in any URL."""

from django.contrib import admin
from django.urls import include, path

from hjemvej.accounts import oidc_views, second_factor
from hjemvej.accounts import views as account_views
from hjemvej.api import main as api_main
from hjemvej.core import errorpages, health, views
from hjemvej.start import views as start_views

admin.site.site_header = "Hjemvej – administration"
admin.site.site_title = "Hjemvej"

urlpatterns = [
    path("", start_views.start, name="start"),
    path("regler/", views.rules, name="rules"),
    path("regler/til-kontrol/", views.rules_to_check, name="rules_to_check"),
    path("login/", account_views.login, name="login"),
    path("login/kommune/", oidc_views.oidc_login, name="oidc_login"),
    path("login/kommune/retur/", oidc_views.oidc_callback, name="oidc_callback"),
    path("login/kode/", second_factor.second_factor, name="second_factor"),
    path("logout/", account_views.logout, name="logout"),
    path("adgangskode/", second_factor.password_change, name="password_change"),
    path("borgere/", include("hjemvej.casefile.urls")),
    path("boformer/", include("hjemvej.shelters.urls")),
    path("adgang/", include("hjemvej.accounts.urls")),
    path("oekonomi/", include("hjemvej.economy.urls")),
    path("job/", include("hjemvej.jobs.urls")),
    path("databeskyttelse/", include("hjemvej.privacy.urls")),
    path("statistik/", include("hjemvej.stats.urls")),
    path("data/", include("hjemvej.interchange.urls")),
    # Housing, support and follow-up own both their registers and a citizen's tab
    # (borgere/<pk>/bolig/, borgere/<pk>/stoette/, borgere/<pk>/opfoelgning/).
    path("", include("hjemvej.housing.urls")),
    path("", include("hjemvej.support.urls")),
    path("", include("hjemvej.followup.urls")),
    path("api-noegler/", include("hjemvej.api.urls")),
    # The API (docs/api.md): token only, its own JSON errors; the schema at /api/v1/openapi.json.
    path("api/v1/", api_main.urls()),
    path("admin/", admin.site.urls),
    # For the load balancer and monitoring (docs/operations.md): public, "ok" or 503, nothing else.
    path("helbred/live", health.live, name="health_live"),
    path("helbred/klar", health.ready, name="health_ready"),
]

#: Django's bad request (400), a body too large included (413): Danish pages (core.errorpages).
handler400 = errorpages.bad_request
