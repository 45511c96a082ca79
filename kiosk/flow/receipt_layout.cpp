// Receipt layout in ESC/POS: title, site, item, number, time, promised date, how to track, QR.
#include "flow/receipt_layout.h"

#include <cstdio>

#include "receipt/escpos_encoder.h"

namespace yiwang::kiosk {

std::string tracking_code(const ReceiptContent& content) {
  return content.online ? "YWTRACK:1:C:" + content.case_id : "YWTRACK:1:L:" + content.local_id;
}

std::vector<std::uint8_t> receipt_bytes(const ReceiptContent& content) {
  using drivers::Align;
  drivers::EscPosEncoder receipt;
  receipt.initialise().chinese_mode(true);
  receipt.align(Align::centre).bold(true).size(2, 2).line("政务服务受理回执");
  receipt.size(1, 1).bold(false).line("Government Service Receipt");
  receipt.line(content.site_zh).feed(1);
  receipt.align(Align::left);
  receipt.bold(true).line("事项 Item:").bold(false).line(content.item_zh);
  if (!content.item_en.empty()) receipt.line(content.item_en);
  if (content.online) {
    receipt.bold(true)
        .line("受理编号 Case number:")
        .size(1, 2)
        .line(content.case_id)
        .size(1, 1)
        .bold(false);
    if (!content.promised_by.empty()) receipt.line("承诺办结 Promised by: " + content.promised_by);
  } else {
    receipt.bold(true)
        .line("临时编号 Provisional number:")
        .size(1, 2)
        .line(content.local_id)
        .size(1, 1);
    receipt.bold(false).line("网络恢复后将自动提交，凭此编号查询。");
    receipt.line("Saved offline; it will be sent automatically. Use this number to track it.");
  }
  if (content.fee_fen > 0) {
    char fee[64];
    std::snprintf(fee, sizeof fee, "应缴费用 Fee due: ¥%d.%02d", content.fee_fen / 100,
                  content.fee_fen % 100);
    receipt.line(fee);
  }
  receipt.line("时间 Time: " + content.time);
  if (content.online) receipt.line("终端编号 Terminal number: " + content.local_id);
  receipt.feed(1);
  receipt.align(Align::centre).line("扫码或在终端“办件查询”中查询进度");
  receipt.line("Scan, or use Track progress at any kiosk");
  receipt.qr(tracking_code(content), 6, drivers::QrErrorCorrection::M);
  receipt.feed(1).line("12345 政务服务便民热线").cut(true, 3);
  return receipt.bytes();
}

}  // namespace yiwang::kiosk
