"""Economy: figures, reimbursement claims, alerts, budgets, forecasts, scenarios, reports."""

from django.urls import path

from hjemvej.economy.budgets import views as budgets
from hjemvej.economy.reports import views as reports
from hjemvej.economy.scenarios import views as scenarios
from hjemvej.economy.views import alerts, claims, figures, support_claims

app_name = "economy"

urlpatterns = [
    path("", reports.dashboard, name="dashboard"),
    path("rapport/<int:year>/<str:fmt>/", reports.report, name="report"),
    path("tal/", figures.figures, name="figures"),
    path("tal/boform/<int:shelter_pk>/", figures.shelter_figures, name="shelter_figures"),
    path("tal/ophold/", figures.stay_rows, name="stay_rows"),
    path("refusion/", claims.claims, name="claims"),
    path("refusion/<int:pk>/", claims.claim, name="claim"),
    path("refusion/<int:pk>/eksport/<str:fmt>/", claims.claim_export, name="claim_export"),
    path("refusion/176a/", support_claims.support_claims, name="support_claims"),
    path("refusion/176a/<int:pk>/", support_claims.support_claim, name="support_claim"),
    path(
        "refusion/176a/<int:pk>/eksport/<str:fmt>/",
        support_claims.support_claim_export,
        name="support_claim_export",
    ),
    path("varsler/", alerts.alerts, name="alerts"),
    path("budget/", budgets.budget, name="budget"),
    path("budget/<int:year>/rediger/", budgets.budget_edit, name="budget_edit"),
    path("prognose/", budgets.forecast, name="forecast"),
    path("prognose/graf.svg", budgets.forecast_chart, name="forecast_chart"),
    path("scenarier/", scenarios.scenarios, name="scenarios"),
    path("scenarier/ny/lov/", scenarios.scenario_law_new, name="scenario_law_new"),
    path("scenarier/ny/praksis/", scenarios.scenario_practice_new, name="scenario_practice_new"),
    path("scenarier/<int:pk>/", scenarios.scenario, name="scenario"),
]
