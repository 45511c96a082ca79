// Submitting, receipt and goodbye screens: the end of an application.
#include <algorithm>
#include <cstdio>

#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

void SubmittingScreen::build(const ViewModel& model, const Translator& translator,
                             Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  chrome(ui, "submitting.title", false);
  frame.label({kMargin, 420, kWidth - 2 * kMargin, 100},
              ui.t(model.saving ? "submitting.saving" : "submitting.wait"), ui.sz.title, kText,
              TextAlign::centre, true);
}

void ReceiptScreen::build(const ViewModel& model, const Translator& translator,
                          Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const ReceiptView& receipt = model.receipt;
  const int top = chrome(ui, "receipt.title", false);
  frame.label({kMargin, top + 20, kWidth - 2 * kMargin, 80},
              ui.t(receipt.online ? "receipt.accepted" : "receipt.saved_offline"), ui.sz.title,
              receipt.online ? kOk : kText, TextAlign::centre, true);
  frame.label({kMargin, top + 130, kWidth - 2 * kMargin, 60}, ui.b(receipt.item_name),
              ui.sz.heading, kText, TextAlign::centre);
  const std::string number_key = receipt.online ? "receipt.case_number" : "receipt.local_number";
  const std::string number = receipt.online ? receipt.case_id : receipt.local_id;
  frame.panel({(kWidth - 1100) / 2, top + 220, 1100, 150}, kSecondary, kBorder);
  frame.label({(kWidth - 1100) / 2, top + 236, 1100, 50}, ui.t(number_key), ui.sz.body, kMuted,
              TextAlign::centre);
  frame.label({(kWidth - 1100) / 2, top + 290, 1100, 70}, number, ui.sz.title, kText,
              TextAlign::centre, true);
  const bool elder = model.elder_mode;
  int y = top + (elder ? 384 : 400);
  if (receipt.online && !receipt.promised_by.empty()) {
    frame.label({kMargin, y, kWidth - 2 * kMargin, 50},
                ui.t("receipt.promised_by") + receipt.promised_by, ui.sz.body, kText,
                TextAlign::centre);
    y += 60;
  }
  if (!receipt.online) {
    frame.label({kMargin, y, kWidth - 2 * kMargin, 100}, ui.t("receipt.offline_explain"),
                ui.sz.body, kText, TextAlign::centre);
    y += 110;
  }
  if (receipt.paid_fen > 0) {
    frame.label({kMargin, y, kWidth - 2 * kMargin, ui.sz.heading + 6},
                ui.t("receipt.paid") + money(ui, receipt.paid_fen), ui.sz.heading, kOk,
                TextAlign::centre, true);
    y += 60;
  } else if (receipt.fee_fen > 0) {
    // Not paid here: online it is paid later with the tracking code; offline the payment waits
    // for the case number (payment is never queued).
    frame.label({kMargin, y, kWidth - 2 * kMargin, 100},
                ui.t("receipt.fee_due") + money(ui, receipt.fee_fen) + "\n" +
                    ui.t(receipt.online ? "receipt.pay_later" : "receipt.pay_needs_link"),
                ui.sz.body, kPrimary, TextAlign::centre);
    y += 110;
  }
  const bool fine = receipt.printed && receipt.print_problem_key.empty();
  frame.label({kMargin, y, kWidth - 2 * kMargin, 100},
              fine ? ui.t("receipt.take_slip") : ui.t(receipt.print_problem_key), ui.sz.body,
              receipt.printed ? kMuted : kError, TextAlign::centre);
  const int button_h = ui.sz.h(110);
  const int next_y = ui.sz.bottom - button_h;
  // Elder mode: reprint beside the next step (stacked they would reach the text above the taller
  // voice bar).
  const int pair_left = (kWidth - 2 * 600 - ui.sz.gap) / 2;
  if (receipt.can_reprint) {
    frame.button("receipt.reprint",
                 elder ? Rect{pair_left, next_y, 600, button_h}
                       : Rect{(kWidth - 600) / 2, next_y - button_h - std::max(20, ui.sz.gap), 600,
                              button_h},
                 ui.t("receipt.reprint"), false);
  }
  const int next_x =
      elder && receipt.can_reprint ? pair_left + 600 + ui.sz.gap : (kWidth - 600) / 2;
  frame.button("to.evaluate", {next_x, next_y, 600, button_h}, ui.t("receipt.next"), true);
}

void GoodbyeScreen::build(const ViewModel& model, const Translator& translator,
                          Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  chrome(ui, "goodbye.title", false);
  frame.label({kMargin, 330, kWidth - 2 * kMargin, 100}, ui.t("goodbye.take_card"), ui.sz.title + 8,
              kPrimary, TextAlign::centre, true);
  frame.label({kMargin, 470, kWidth - 2 * kMargin, 60}, ui.t("goodbye.thanks"), ui.sz.heading,
              kText, TextAlign::centre);
  frame.button("finish", {(kWidth - 600) / 2, 640, 600, 120}, ui.t("goodbye.finish"), true);
}

}  // namespace yiwang::ui
