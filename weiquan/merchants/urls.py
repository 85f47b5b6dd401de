from django.urls import path

from weiquan.merchants.views import console, portal, public

app_name = "merchants"

urlpatterns = [
    path("apply/", portal.apply, name="apply"),
    path("m/<str:key>/", public.public_page, name="public"),
    path("licences/<int:licence_id>/file/", public.licence_file, name="licence_file"),
    path("portal/", portal.overview, name="portal"),
    path("portal/notices/read/", portal.notices_read, name="portal_notices_read"),
    path("portal/application/", portal.application, name="portal_application"),
    path("portal/application/submit/", portal.application_submit, name="portal_application_submit"),
    path("portal/application/restart/", portal.application_restart, name="portal_application_restart"),
    path("portal/deposit/", portal.deposit, name="portal_deposit"),
    path("portal/penalties/", portal.penalties, name="portal_penalties"),
    path("portal/penalties/<int:penalty_id>/appeal/", portal.penalty_appeal, name="portal_penalty_appeal"),
    path("console/", console.dashboard, name="console"),
    path("console/applications/", console.applications, name="console_applications"),
    path("console/applications/<int:application_id>/", console.application_detail, name="console_application"),
    path("console/reverification/", console.reverification, name="console_reverification"),
    path("console/licences/", console.licences, name="console_licences"),
    path("console/merchants/", console.merchants, name="console_merchants"),
    path("console/merchants/<int:merchant_id>/", console.merchant_detail, name="console_merchant"),
    path("console/merchants/<int:merchant_id>/reverify/", console.reverify_now, name="console_reverify"),
    path("console/penalties/", console.penalties, name="console_penalties"),
    path("console/penalties/<int:penalty_id>/lift/", console.penalty_lift, name="console_penalty_lift"),
    path("console/penalties/<int:penalty_id>/appeal/", console.penalty_appeal_decide, name="console_penalty_appeal"),
    path("console/deposits/", console.deposits, name="console_deposits"),
    path("console/deposits/<int:merchant_id>/", console.deposit_ledger, name="console_deposit"),
    path("console/advance-compensation/", console.advance_queue, name="console_advance"),
    path("console/advance-compensation/<int:remedy_id>/pay/", console.advance_pay, name="console_advance_pay"),
]
