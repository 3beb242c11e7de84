from rest_framework.routers import SimpleRouter

from factory_eval.plants.api.views import PlantViewSet

router = SimpleRouter()
router.register("plants", PlantViewSet, basename="plant")
urlpatterns = router.urls
