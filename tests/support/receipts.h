// Test helpers for receipts: the real templates and translations from assets/, filled and composed.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "flow/receipt_layout.h"
#include "flow/receipt_template.h"
#include "receipt/receipt_document.h"
#include "services/i18n.h"

namespace yiwang::test {

inline std::string cjk_font() {
  for (const char* path : {"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                           "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"}) {
    if (std::filesystem::exists(path)) return path;
  }
  return "";
}

inline const kiosk::I18n& translations() {
  static const kiosk::I18n table = [] {
    kiosk::I18n i18n;
    std::string error;
    REQUIRE_MESSAGE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error), error);
    return i18n;
  }();
  return table;
}

inline kiosk::ReceiptTemplate receipt_template(const std::string& name = "receipt.tmpl") {
  const std::string path = std::string(YIWANG_ASSETS_DIR) + "/receipts/" + name;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string error;
  auto parsed = kiosk::parse_receipt_template(text.str(), path, error);
  REQUIRE_MESSAGE(parsed, error);
  return *parsed;
}

inline kiosk::ReceiptContent sample_receipt(bool online) {
  return {"海口市美兰区政务服务中心",
          "Meilan service centre",
          "户籍证明开具",
          "Certificate of household registration",
          online,
          "HN2026112200000042",
          "T4601050001-20261122-0042",
          "2026-11-22 09:30",
          "2026-11-23",
          2000,
          0,
          "",
          ""};
}

inline drivers::ReceiptDocument receipt_document(const kiosk::ReceiptContent& content,
                                                 const std::string& reprint_time = "") {
  return kiosk::fill_receipt_template(receipt_template(),
                                      kiosk::receipt_values(content, reprint_time), translations());
}

}  // namespace yiwang::test
