// Certificates screen: the resident's certificates, one row each with a large Print button,
// and what happened to the last print in words.
#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

void CertificatesScreen::build(const ViewModel& model, const Translator& translator,
                               Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const CertificatesView& view = model.certificates;
  const int top = chrome(ui, "certificates.title");
  int y = top;
  if (view.loading) {
    frame.label({kMargin, y, kWidth - 2 * kMargin, 80}, ui.t("certificates.loading"), ui.sz.heading,
                kMuted, TextAlign::centre);
  }
  const bool busy = !view.printing_id.empty();
  for (const CertificateView& certificate : view.list) {
    frame.panel({kMargin, y, kWidth - 2 * kMargin, ui.sz.h(100) + 50}, kSecondary, kBorder);
    frame.label({kMargin + 30, y + 15, 1100, 60}, ui.b(certificate.name), ui.sz.heading, kText,
                TextAlign::left, true);
    frame.label({kMargin + 30, y + 85, 1100, 50},
                ui.b(certificate.issuer) + "  " + ui.t("certificates.issued") + certificate.issued,
                ui.sz.body, kMuted);
    frame.button("cert.print:" + certificate.id,
                 {kWidth - kMargin - 330, y + 25, 300, ui.sz.h(100)}, ui.t("certificates.print"),
                 true, !busy);
    y += ui.sz.h(100) + 70;
  }
  if (!view.message_key.empty()) {
    frame.label({kMargin, y + 10, kWidth - 2 * kMargin, 110}, ui.t(view.message_key), ui.sz.body,
                view.message_error ? kError : kOk, TextAlign::centre, true);
  }
  frame.label({kMargin, ui.sz.bottom - 170, kWidth - 2 * kMargin, 50}, ui.t("certificates.free"),
              ui.sz.body, kMuted, TextAlign::centre);
  frame.button("back", {kMargin, ui.sz.bottom - ui.sz.h(100), 300, ui.sz.h(100)},
               ui.t("common.back"), false, !busy);
}

}  // namespace yiwang::ui
