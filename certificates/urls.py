from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("chung-nhan/", views.my_certificates, name="mine"),
    path("chung-nhan/<int:pk>/", views.certificate_detail, name="detail"),
    path("chung-nhan/<int:pk>/pdf/", views.certificate_pdf, name="pdf"),
    path("chung-nhan/<int:pk>/thu-hoi/", views.certificate_revoke, name="revoke"),
    path("chung-nhan/xa/<str:commune_code>/", views.commune_certificates, name="commune"),
    # Public: the address in the certificate's QR code.
    path("kiem-tra-chung-nhan/<str:token>/", views.verify, name="verify"),
]
