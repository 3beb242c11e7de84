from rest_framework.routers import SimpleRouter

from factory_eval.accounting.api.views import ResultViewSet

router = SimpleRouter()
router.register("results", ResultViewSet, basename="result")
urlpatterns = router.urls
