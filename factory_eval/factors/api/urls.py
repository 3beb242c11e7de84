from rest_framework.routers import SimpleRouter

from factory_eval.factors.api.views import FactorEditionViewSet

router = SimpleRouter()
router.register("factor-editions", FactorEditionViewSet, basename="factor-edition")
urlpatterns = router.urls
