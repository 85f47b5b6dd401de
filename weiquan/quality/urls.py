from django.urls import path

from weiquan.quality import views

app_name = "quality"

urlpatterns = [
    path("results/", views.results, name="results"),
    path("notices/", views.my_notices, name="my_notices"),
    path("notices/read/", views.my_notices_read, name="my_notices_read"),
    path("portal/listings/", views.portal_listings, name="portal_listings"),
    path("inspections/<int:inspection_id>/report/", views.inspection_report, name="inspection_report"),
    path("console/listings/", views.listings, name="console_listings"),
    path("console/price-flags/", views.price_flags, name="console_price_flags"),
    path("console/price-flags/<int:flag_id>/resolve/", views.price_flag_resolve, name="console_price_flag_resolve"),
    path("console/programmes/", views.programmes, name="console_programmes"),
    path("console/programmes/<int:programme_id>/", views.programme_detail, name="console_programme"),
    path("console/programmes/<int:programme_id>/<str:action>/", views.programme_action,
         name="console_programme_action"),
    path("console/inspections/<int:inspection_id>/", views.inspection_detail, name="console_inspection"),
    path("console/inspections/<int:inspection_id>/drop/", views.inspection_drop, name="console_inspection_drop"),
]
