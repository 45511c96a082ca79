// KioskFlow's payment of a fee: the order made online (never queued), its QR code, its countdown
// and polls off the UI thread, and the receipt that says what became of it.
#include <algorithm>

#include "core/json_fields.h"
#include "flow/kiosk_flow.h"
#include "flow/payment_order.h"

namespace yiwang::kiosk {

using nlohmann::json;
using ui::ScreenId;

namespace {

int amount_due(const json& reply, const CatalogItem* item) {
  const int fee = field_or(reply, "fee_fen", 0);
  return fee > 0 ? fee : (item ? item->view.fee_fen : 0);
}

}  // namespace

bool KioskFlow::wants_payment(const json& reply) const {
  return !text_or(reply, "case_id").empty() && amount_due(reply, current_item()) > 0;
}

void KioskFlow::start_payment(const json& reply) {
  const CatalogItem* item = current_item();
  session_.awaiting_case = false;
  session_.case_id = text_or(reply, "case_id");
  accepted_reply_ = reply;
  model_.payment = ui::PaymentView{};
  model_.payment.case_id = session_.case_id;
  model_.payment.amount_fen = amount_due(reply, item);
  if (item) {
    model_.payment.item_name = item->view.name;
    model_.payment.fee_basis = item->view.fee_basis;
  }
  logger_.info("payment", "case " + session_.case_id + " has a fee of " +
                              std::to_string(model_.payment.amount_fen) + " fen");
  go(ScreenId::payment);
  create_payment_order();
}

void KioskFlow::create_payment_order() {
  // A new order is a new transaction with a key of its own; the old one is left to expire.
  session_.payment_key = store::new_uuid();
  session_.payment_order_id.clear();
  session_.payment_poll_in_flight = false;
  model_.payment.qr = ui::QrModules{};
  model_.payment.seconds_left = 0;
  if (!model_.link_up || !ports_.create_payment) {
    logger_.warning("payment", "no link: no order (payment is never queued)");
    return payment_stage("needs_link");
  }
  payment_stage("creating");
  ports_.create_payment(
      ++payment_ticket_, session_.payment_key,
      {{"case_id", model_.payment.case_id}, {"amount_fen", model_.payment.amount_fen}});
}

void KioskFlow::payment_stage(const std::string& stage) {
  model_.payment.stage = stage;
  // The idle time of a resident who cannot pay now starts when the order ends, not before.
  if (stage != "pending" && stage != "creating") last_touch_ms_ = clock_.now_ms();
  dirty_ = true;
}

void KioskFlow::on_payment_order(const PlatformAnswer& answer) {
  if (answer.ticket != payment_ticket_ || model_.screen != ScreenId::payment ||
      model_.payment.stage != "creating")
    return;
  if (!answer.ok) {
    const bool link_trouble = answer.error.error_class == ErrorClass::link ||
                              answer.error.error_class == ErrorClass::transient;
    logger_.warning("payment", "order not made: " + answer.error.summary());
    return payment_stage(link_trouble ? "needs_link" : "failed");
  }
  const std::string order_id = text_or(answer.body, "order_id");
  ui::QrModules qr = payment_qr(text_or(answer.body, "qr_payload"));
  const auto expires = parse_rfc3339_ms(text_or(answer.body, "expires_at"));
  if (!valid_order_id(order_id) || qr.size == 0 || !expires) {
    logger_.error("payment", "order unreadable (id, QR payload or expiry): not shown");
    return payment_stage("failed");
  }
  logger_.info("payment", "order " + order_id + " made for case " + model_.payment.case_id);
  session_.payment_order_id = order_id;
  session_.payment_expires_unix_ms = *expires;
  session_.payment_next_poll_ms = clock_.now_ms() + settings_.payment_poll_ms;
  model_.payment.qr = std::move(qr);
  model_.payment.seconds_left =
      static_cast<int>(std::max(0LL, (*expires - clock_.unix_ms() + 999) / 1000));
  payment_stage("pending");
}

void KioskFlow::on_payment_status(const PlatformAnswer& answer) {
  if (answer.ticket != payment_ticket_) return;
  session_.payment_poll_in_flight = false;
  if (model_.screen != ScreenId::payment || model_.payment.stage != "pending") return;
  if (!answer.ok) {
    // The order lives on at the platform: a poll lost to the link is asked again.
    logger_.warning("payment", "poll: " + answer.error.summary());
    if (answer.error.status == 404) payment_stage("failed");
    return;
  }
  const std::string status = text_or(answer.body, "status");
  if (status == "paid") {
    logger_.info("payment", "order " + session_.payment_order_id + " paid");
    session_.paid_fen = model_.payment.amount_fen;
    show_receipt(true, accepted_reply_);
  } else if (status == "expired" || status == "cancelled") {
    logger_.info("payment", "order " + session_.payment_order_id + " " + status);
    payment_stage(status);
  }
}

void KioskFlow::payment_tick(long long now) {
  if (model_.screen != ScreenId::payment || model_.payment.stage != "pending") return;
  const int left = static_cast<int>(
      std::max(0LL, (session_.payment_expires_unix_ms - clock_.unix_ms() + 999) / 1000));
  if (left != model_.payment.seconds_left) {
    model_.payment.seconds_left = left;
    dirty_ = true;
  }
  if (!session_.payment_poll_in_flight && now >= session_.payment_next_poll_ms &&
      ports_.poll_payment) {
    session_.payment_poll_in_flight = true;
    session_.payment_next_poll_ms = now + settings_.payment_poll_ms;
    ports_.poll_payment(++payment_ticket_, session_.payment_order_id);
  }
}

void KioskFlow::act_pay_new(const std::string&) {
  const std::string& stage = model_.payment.stage;
  if (stage == "pending" || stage == "creating") return;  // one order at a time
  create_payment_order();
}

void KioskFlow::act_pay_later(const std::string&) {
  logger_.info("payment", "the resident pays later (order " +
                              (session_.payment_order_id.empty() ? std::string("none")
                                                                 : session_.payment_order_id) +
                              " left)");
  show_receipt(true, accepted_reply_);
}

}  // namespace yiwang::kiosk
