// The one place that knows which class draws which ScreenId.
#include "screens/screens.h"

namespace yiwang::ui {

std::unique_ptr<Screen> make_screen(ScreenId id) {
  switch (id) {
    case ScreenId::attract:
      return std::make_unique<AttractScreen>();
    case ScreenId::identify:
      return std::make_unique<IdentifyScreen>();
    case ScreenId::catalog:
      return std::make_unique<CatalogScreen>();
    case ScreenId::guide:
      return std::make_unique<GuideScreen>();
    case ScreenId::form:
      return std::make_unique<FormScreen>();
    case ScreenId::review:
      return std::make_unique<ReviewScreen>();
    case ScreenId::submitting:
      return std::make_unique<SubmittingScreen>();
    case ScreenId::receipt:
      return std::make_unique<ReceiptScreen>();
    case ScreenId::evaluate:
      return std::make_unique<EvaluateScreen>();
    case ScreenId::goodbye:
      return std::make_unique<GoodbyeScreen>();
    case ScreenId::certificates:
      return std::make_unique<CertificatesScreen>();
    case ScreenId::out_of_service:
      return std::make_unique<OutOfServiceScreen>();
    case ScreenId::maintenance_pin:
      return std::make_unique<MaintenancePinScreen>();
    case ScreenId::maintenance:
      return std::make_unique<MaintenanceScreen>();
    case ScreenId::payment:
      return std::make_unique<PaymentScreen>();
    case ScreenId::progress:
      return std::make_unique<ProgressScreen>();
    case ScreenId::diagnostics:
      return std::make_unique<DiagnosticsScreen>();
    case ScreenId::provisioning:
      return std::make_unique<ProvisioningScreen>();
    case ScreenId::display_setup:
      return std::make_unique<DisplaySetupScreen>();
    case ScreenId::sign:
      return std::make_unique<SignScreen>();
  }
  return std::make_unique<AttractScreen>();
}

std::unique_ptr<Overlay> make_idle_warning() { return std::make_unique<IdleWarning>(); }
std::unique_ptr<Overlay> make_help_choice() { return std::make_unique<HelpChoice>(); }

std::unique_ptr<Overlay> make_overlay(OverlayId id) {
  switch (id) {
    case OverlayId::idle_warning:
      return make_idle_warning();
    case OverlayId::help_choice:
      return make_help_choice();
    case OverlayId::none:
      break;
  }
  return nullptr;
}

}  // namespace yiwang::ui
