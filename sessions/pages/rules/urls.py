from django.urls import path

from sessions.pages.rules import views as rules

urlpatterns = [
    path("", rules.rule_list, name="rule-list"),
    path("new/", rules.rule_create, name="rule-create"),
    path("new/backtest/", rules.rule_backtest, name="rule-backtest-new"),
    path("<int:pk>/", rules.rule_detail, name="rule-detail"),
    path("<int:pk>/edit/", rules.rule_edit, name="rule-edit"),
    path("<int:pk>/backtest/", rules.rule_backtest, name="rule-backtest"),
    path("<int:pk>/active/", rules.rule_set_active, name="rule-set-active"),
    path("medications/<slug:drug_class>/", rules.medication_response_edit, name="medication-response-edit"),
    path("protocols/<int:pk>/grace/", rules.protocol_grace_edit, name="protocol-grace-edit"),
]
