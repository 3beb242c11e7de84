from rest_framework.routers import SimpleRouter

from factory_eval.subsidies.api.eligibility import EligibilityViewSet
from factory_eval.subsidies.api.views import AwardViewSet, ProgrammeViewSet

router = SimpleRouter()
router.register("subsidy-programmes", ProgrammeViewSet, basename="subsidy-programme")
router.register("subsidy-awards", AwardViewSet, basename="subsidy-award")
router.register("subsidy-eligibility", EligibilityViewSet, basename="subsidy-eligibility")
urlpatterns = router.urls
