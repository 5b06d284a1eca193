from django.urls import path


def broken(request):
    raise RuntimeError("a bug the operator must see")


urlpatterns = [path("broken/", broken)]
