// Payment screen: the fee of an accepted case, its basis, the order's QR code and its countdown.
#include <cstdio>

#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

namespace {

std::string countdown(int seconds) {
  char text[16];
  std::snprintf(text, sizeof text, "%02d:%02d", seconds / 60, seconds % 60);
  return text;
}

}  // namespace

void PaymentScreen::build(const ViewModel& model, const Translator& translator,
                          Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const PaymentView& payment = model.payment;
  const int top = chrome(ui, "payment.title", false);
  const int left_w = 1080;
  int y = top + 10;
  frame.label({kMargin, y, left_w, 60}, ui.b(payment.item_name), ui.sz.heading, kText,
              TextAlign::left, true);
  y += 80;
  frame.label({kMargin, y, left_w, 50}, ui.t("payment.case_number") + payment.case_id, ui.sz.body,
              kMuted);
  y += 70;
  frame.label({kMargin, y, left_w, 50}, ui.t("payment.amount"), ui.sz.body, kText);
  frame.label({kMargin, y + 50, left_w, 80}, money(ui, payment.amount_fen), ui.sz.title + 8,
              kPrimary, TextAlign::left, true);
  y += 150;
  if (!ui.b(payment.fee_basis).empty()) {
    frame.label({kMargin, y, left_w, 100}, ui.t("payment.basis") + ui.b(payment.fee_basis),
                ui.sz.body, kText);
    y += 110;
  }
  const bool pending = payment.stage == "pending";
  const bool error = payment.stage != "pending" && payment.stage != "creating";
  frame.label({kMargin, y, left_w, 150},
              ui.t("payment.stage." + (payment.stage.empty() ? "creating" : payment.stage)),
              ui.sz.body, error ? kError : kText, TextAlign::left, !error);
  y += 160;
  if (pending) {
    frame.label({kMargin, y, left_w, 60},
                ui.t("payment.expires_in") + countdown(payment.seconds_left), ui.sz.heading,
                payment.seconds_left < 60 ? kError : kText, TextAlign::left, true);
    const int side = 600;
    const Rect box{kWidth - kMargin - side, top + 10, side, side};
    frame.panel(box, {255, 255, 255, 255}, kBorder);
    frame.qr({box.x + 20, box.y + 20, side - 40, side - 40}, payment.qr.size, payment.qr.dark);
    frame.label({box.x, box.y + side + 10, side, 50}, ui.t("payment.scan"), ui.sz.body, kText,
                TextAlign::centre);
  }
  const int button_h = ui.sz.h(110);
  const int button_y = ui.sz.bottom - button_h;
  if (error) {
    frame.button("pay.new", {kWidth / 2 - 640, button_y, 600, button_h}, ui.t("payment.new"), true);
    frame.button("pay.later", {kWidth / 2 + 40, button_y, 600, button_h}, ui.t("payment.later"));
  } else {
    frame.button("pay.later", {(kWidth - 600) / 2, button_y, 600, button_h}, ui.t("payment.later"));
  }
}

}  // namespace yiwang::ui
