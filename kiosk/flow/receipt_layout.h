// What a receipt says, as template values, and the tracking code it carries. Never personal data.
#pragma once

#include <string>

#include "flow/receipt_template.h"

namespace yiwang::kiosk {

struct ReceiptContent {
  std::string site_zh;
  std::string site_en;
  std::string item_zh;
  std::string item_en;
  bool online = false;
  std::string case_id;   // online
  std::string local_id;  // always: the terminal's number
  std::string time;      // for people: "2026-11-21 09:30"
  std::string promised_by;
  int fee_fen = 0;
  int paid_fen = 0;  // paid at the kiosk: the receipt says 已缴费 instead of the fee due
  // How the result reaches the resident (窗口领取 / 邮寄送达 / 电子证照), in words; never the
  // address or phone.
  std::string delivery_zh;
  std::string delivery_en;
};

// "YWTRACK:1:C:<case id>" online, "YWTRACK:1:L:<local id>" for a provisional number.
std::string tracking_code(const ReceiptContent& content);

// The values assets/receipts/receipt.tmpl names. `reprint_time` non-empty marks a reprint.
TemplateValues receipt_values(const ReceiptContent& content, const std::string& reprint_time);
ReceiptContent content_from_values(const TemplateValues& values);

}  // namespace yiwang::kiosk
