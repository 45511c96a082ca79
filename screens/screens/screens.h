// The kiosk's screens, one class each; make_screen() maps a ScreenId to its screen.
#pragma once

#include "toolkit/screen.h"

namespace yiwang::ui {

#define YIWANG_SCREEN(Name, Id)                                                                    \
  class Name final : public Screen {                                                               \
   public:                                                                                         \
    ScreenId id() const override { return ScreenId::Id; }                                          \
    void build(const ViewModel& model, const Translator& translator, Frame& frame) const override; \
  };

YIWANG_SCREEN(AttractScreen, attract)
YIWANG_SCREEN(IdentifyScreen, identify)
YIWANG_SCREEN(CatalogScreen, catalog)
YIWANG_SCREEN(GuideScreen, guide)
YIWANG_SCREEN(FormScreen, form)
YIWANG_SCREEN(ReviewScreen, review)
YIWANG_SCREEN(SubmittingScreen, submitting)
YIWANG_SCREEN(ReceiptScreen, receipt)
YIWANG_SCREEN(EvaluateScreen, evaluate)
YIWANG_SCREEN(GoodbyeScreen, goodbye)
YIWANG_SCREEN(CertificatesScreen, certificates)
YIWANG_SCREEN(OutOfServiceScreen, out_of_service)
YIWANG_SCREEN(MaintenancePinScreen, maintenance_pin)
YIWANG_SCREEN(MaintenanceScreen, maintenance)
YIWANG_SCREEN(PaymentScreen, payment)
YIWANG_SCREEN(ProgressScreen, progress)
YIWANG_SCREEN(DiagnosticsScreen, diagnostics)
YIWANG_SCREEN(ProvisioningScreen, provisioning)
YIWANG_SCREEN(DisplaySetupScreen, display_setup)
YIWANG_SCREEN(SignScreen, sign)
#undef YIWANG_SCREEN

class IdleWarning final : public Overlay {
 public:
  OverlayId id() const override { return OverlayId::idle_warning; }
  void build(const ViewModel& model, const Translator& translator, Frame& frame) const override;
};

// 帮办: what the resident needs help with (help.reason:<code>), or cancel (help.cancel).
class HelpChoice final : public Overlay {
 public:
  OverlayId id() const override { return OverlayId::help_choice; }
  void build(const ViewModel& model, const Translator& translator, Frame& frame) const override;
};

}  // namespace yiwang::ui
