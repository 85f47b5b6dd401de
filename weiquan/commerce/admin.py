"""Admin for the platform's commerce data. Orders arrive from the platform (API or import) and are only viewed here:
an edit behind `order_upsert` would skip its rules (an order under complaint keeps its buyer and its lines)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from weiquan.commerce.models import Order, OrderLine, Product
from weiquan.core.admin import ReadOnlyAdmin
from weiquan.core.masking import mask_name
from weiquan.core.money import format_cny
from weiquan.privacy.services import personal_data_access_log


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["title", "sku", "merchant", "category", "price"]
    list_filter = ["category"]
    search_fields = ["title", "sku", "merchant__name", "merchant__external_id"]
    list_select_related = ["merchant"]
    autocomplete_fields = ["merchant"]


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    fields = ["line_no", "product", "title", "quantity", "unit_price", "paid_amount"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["order_no", "merchant", "consumer", "masked_recipient", "paid", "channel", "placed_at",
                    "received_at"]
    list_filter = ["channel", "merchant"]
    # Recipient fields are encrypted and cannot be searched.
    search_fields = ["order_no", "consumer__username", "consumer__external_id", "merchant__name"]
    list_select_related = ["merchant", "consumer"]
    date_hierarchy = "placed_at"
    inlines = [OrderLineInline]

    @admin.display(description=_("收货人"))
    def masked_recipient(self, order):
        return mask_name(order.recipient_name)

    @admin.display(description=_("实付金额"), ordering="total_paid")
    def paid(self, order):
        return format_cny(order.total_paid)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        order = self.get_object(request, object_id)
        if order is not None and order.consumer_id != request.user.pk:
            personal_data_access_log(viewer=request.user, subject=order.consumer,
                                     fields=["recipient_name", "recipient_phone", "recipient_address"],
                                     purpose=f"admin: order {order.order_no}")
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(OrderLine)
class OrderLineAdmin(ReadOnlyAdmin):
    list_display = ["order", "line_no", "title", "quantity", "unit_price", "paid_amount"]
    search_fields = ["order__order_no", "title", "product__sku"]
    list_select_related = ["order"]
