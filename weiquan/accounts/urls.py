from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from weiquan.accounts import two_factor, views
from weiquan.accounts.forms import EmailIndexPasswordResetForm, LoginForm

T = "accounts/"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name=T + "login.html", redirect_authenticated_user=True,
                                                authentication_form=LoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("2fa/", two_factor.two_factor, name="two_factor"),
    path("profile/", views.profile, name="profile"),
    path("verify-email/<str:token>/", views.email_verify, name="email_verify"),
    path("verify-email/", views.email_verification_send, name="email_verification_send"),
    path("password/change/", auth_views.PasswordChangeView.as_view(
        template_name=T + "password_change.html", success_url=reverse_lazy("password_change_done")),
        name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(
        template_name=T + "password_done.html"), name="password_change_done"),
    path("password/reset/", auth_views.PasswordResetView.as_view(
        form_class=EmailIndexPasswordResetForm, template_name=T + "password_reset.html", email_template_name=T + "password_reset_email.txt",
        subject_template_name=T + "password_reset_subject.txt", success_url=reverse_lazy("password_reset_done")),
        name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name=T + "password_reset_sent.html"), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name=T + "password_reset_confirm.html", success_url=reverse_lazy("password_reset_complete")),
        name="password_reset_confirm"),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name=T + "password_done.html"), name="password_reset_complete"),
]
