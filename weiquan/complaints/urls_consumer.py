"""The consumer's pages (under /complaints/my/)."""

from django.urls import path

from weiquan.complaints.views import consumer

urlpatterns = [
    path("orders/", consumer.my_orders, name="my_orders"),
    path("complaints/", consumer.my_complaints, name="my_complaints"),
    path("complaints/<int:complaint_id>/", consumer.my_complaint, name="my_complaint"),
    path("file/", consumer.file_complaint, name="file"),
    path("file/lines/", consumer.file_lines, name="file_lines"),
    path("file/review/", consumer.file_review, name="file_review"),
]
