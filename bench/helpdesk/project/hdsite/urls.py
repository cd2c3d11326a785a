"""django-helpdesk at the site root: its REST API is under /api/, its staff views at /tickets/."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("helpdesk.urls", namespace="helpdesk")),
]
