"""The consumer's pages (under /complaints/my/)."""

from django.urls import path

from weiquan.complaints.views import consumer, no_order

urlpatterns = [
    path("orders/", consumer.my_orders, name="my_orders"),
    path("complaints/", consumer.my_complaints, name="my_complaints"),
    path("complaints/<int:complaint_id>/", consumer.my_complaint, name="my_complaint"),
    path("file/", consumer.file_complaint, name="file"),
    path("file/lines/", consumer.file_lines, name="file_lines"),
    path("file/review/", consumer.file_review, name="file_review"),
    path("file/stores/", no_order.file_stores, name="file_stores"),
    path("file/listings/", no_order.file_listings, name="file_listings"),
]
