// The printed receipt: what it says and the tracking code it carries. Never personal data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace yiwang::kiosk {

struct ReceiptContent {
  std::string site_zh;
  std::string item_zh;
  std::string item_en;
  bool online = false;
  std::string case_id;   // online
  std::string local_id;  // always: the terminal's number
  std::string time;      // for people: "2026-11-21 09:30"
  std::string promised_by;
  int fee_fen = 0;
};

// "YWTRACK:1:C:<case id>" online, "YWTRACK:1:L:<local id>" for a provisional number.
std::string tracking_code(const ReceiptContent& content);

std::vector<std::uint8_t> receipt_bytes(const ReceiptContent& content);

}  // namespace yiwang::kiosk
