from rest_framework.routers import SimpleRouter

from factory_eval.benchmarks.api.views import BenchmarkViewSet

router = SimpleRouter()
router.register("benchmarks", BenchmarkViewSet, basename="benchmark")
urlpatterns = router.urls
