from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from weiquan.core.fields import EncryptedTextField


class Product(models.Model):
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="products")
    sku = models.CharField(_("SKU"), max_length=64)
    title = models.CharField(_("商品名称"), max_length=300)
    category = models.CharField(_("类目"), max_length=64, blank=True, default="")
    price = models.DecimalField(_("标价"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("商品")
        verbose_name_plural = _("商品")
        constraints = [models.UniqueConstraint(fields=["merchant", "sku"], name="product_sku_per_merchant")]

    def __str__(self) -> str:
        return self.title


# The channel of the orders a bulk import makes up so that its cases have an order to hang off (no sale happened):
# order counts and other sales figures leave them out.
PLACEHOLDER_ORDER_CHANNEL = "imported"


class Order(models.Model):
    """An order as the platform pushed it in. Upserts replace its lines; complaints keep the lines they named."""

    order_no = models.CharField(_("订单号"), max_length=64, unique=True)
    consumer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="orders")
    channel = models.CharField(_("销售方式"), max_length=16, default="online")
    total_paid = models.DecimalField(_("实付金额"), max_digits=12, decimal_places=2)
    shipping_fee = models.DecimalField(_("运费"), max_digits=12, decimal_places=2, default=0)
    placed_at = models.DateTimeField(_("下单时间"))
    paid_at = models.DateTimeField(_("付款时间"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("发货时间"), null=True, blank=True)
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    # What a no-reason refund may deduct (NR Art.12/13): gifts with their stated prices, and the shipping fee the
    # seller may charge when a return drops the order under the total that earned free shipping.
    gifts = models.JSONField(_("赠品"), default=list, blank=True)
    free_shipping_threshold = models.DecimalField(_("包邮门槛"), max_digits=12, decimal_places=2, null=True, blank=True)
    standard_shipping_fee = models.DecimalField(_("标准运费"), max_digits=12, decimal_places=2, null=True, blank=True)
    recipient_name = EncryptedTextField(_("收货人"), blank=True, default="")
    recipient_phone = EncryptedTextField(_("收货电话"), blank=True, default="")
    recipient_address = EncryptedTextField(_("收货地址"), blank=True, default="")
    refunded_at = models.DateTimeField(_("退款时间"), null=True, blank=True)
    # Buyer signals as the platform hashed them (fair trading: fresh accounts, shared devices or addresses).
    buyer_account_created_at = models.DateTimeField(_("买家账户注册时间"), null=True, blank=True)
    buyer_device_hash = models.CharField(_("设备指纹（哈希）"), max_length=128, blank=True, default="")
    buyer_address_hash = models.CharField(_("收货地址（哈希）"), max_length=128, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("订单")
        verbose_name_plural = _("订单")
        ordering = ["-placed_at"]
        indexes = [models.Index(fields=["merchant", "placed_at"])]

    def __str__(self) -> str:
        return self.order_no


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveSmallIntegerField(_("行号"))
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="order_lines")
    title = models.CharField(_("商品名称"), max_length=300)
    quantity = models.PositiveIntegerField(_("数量"), default=1)
    unit_price = models.DecimalField(_("单价"), max_digits=12, decimal_places=2)
    paid_amount = models.DecimalField(_("实付"), max_digits=12, decimal_places=2)
    preselected_addon = models.BooleanField(_("默认勾选的搭售"), default=False,
                                            help_text=_("由买家未主动勾选的默认选项加入订单"))
    list_price = models.DecimalField(_("展示价"), max_digits=12, decimal_places=2, null=True, blank=True,
                                     help_text=_("个人优惠之前向买家展示的价格"))
    price_segment = models.CharField(_("定价分群"), max_length=64, blank=True, default="")
    # The NR Art.7 exclusion the buyer confirmed for this line at checkout (e.g. safety_health_once_unsealed), or "".
    confirmed_exclusion = models.CharField(_("下单时确认的不适用无理由退货情形"), max_length=40, blank=True, default="")

    class Meta:
        verbose_name = _("订单行")
        verbose_name_plural = _("订单行")
        ordering = ["order", "line_no"]
        constraints = [models.UniqueConstraint(fields=["order", "line_no"], name="order_line_no_unique")]

    def __str__(self) -> str:
        return f"{self.order.order_no}#{self.line_no} {self.title}"
