// Receipt values: the template's names, filled from the transaction.
#include "flow/receipt_layout.h"

#include <cstdio>

namespace yiwang::kiosk {

std::string tracking_code(const ReceiptContent& content) {
  return content.online ? "YWTRACK:1:C:" + content.case_id : "YWTRACK:1:L:" + content.local_id;
}

TemplateValues receipt_values(const ReceiptContent& content, const std::string& reprint_time) {
  TemplateValues v;
  v["site_zh"] = content.site_zh;
  v["site_en"] = content.site_en;
  v["item_zh"] = content.item_zh;
  v["item_en"] = content.item_en;
  v["online"] = content.online ? "1" : "";
  v["case_id"] = content.case_id;
  v["local_id"] = content.local_id;
  v["time"] = content.time;
  v["promised_by"] = content.promised_by;
  // U+FFE5 (full-width yen/yuan) is two-byte GB18030 (A3 A4): a fee line needs no raster image
  // on printers that only have the two-byte part (U+00A5 is a four-byte code).
  const auto yuan = [](int fen) {
    char text[32];
    std::snprintf(text, sizeof text, "￥%d.%02d", fen / 100, fen % 100);
    return std::string(text);
  };
  if (content.paid_fen > 0) {
    v["paid"] = yuan(content.paid_fen);
  } else if (content.fee_fen > 0) {
    v["fee"] = yuan(content.fee_fen);
  }
  v["fee_fen"] = std::to_string(content.fee_fen);
  v["paid_fen"] = std::to_string(content.paid_fen);
  v["delivery_zh"] = content.delivery_zh;
  v["delivery_en"] = content.delivery_en;
  v["tracking_code"] = tracking_code(content);
  v["reprint"] = reprint_time.empty() ? "" : "1";
  v["reprint_time"] = reprint_time;
  return v;
}

ReceiptContent content_from_values(const TemplateValues& values) {
  auto get = [&](const char* key) {
    const auto found = values.find(key);
    return found == values.end() ? std::string() : found->second;
  };
  ReceiptContent c;
  c.site_zh = get("site_zh");
  c.site_en = get("site_en");
  c.item_zh = get("item_zh");
  c.item_en = get("item_en");
  c.online = !get("online").empty();
  c.case_id = get("case_id");
  c.local_id = get("local_id");
  c.time = get("time");
  c.promised_by = get("promised_by");
  c.delivery_zh = get("delivery_zh");
  c.delivery_en = get("delivery_en");
  const auto number = [&](const char* key) {
    try {
      return std::stoi(get(key));
    } catch (const std::exception&) {
      return 0;
    }
  };
  c.fee_fen = number("fee_fen");
  c.paid_fen = number("paid_fen");
  return c;
}

}  // namespace yiwang::kiosk
