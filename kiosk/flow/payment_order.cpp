// Checks on a payment order's fields, and its QR code drawn as modules by ZXing's writer.
#include "flow/payment_order.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <exception>

#include "receipt/receipt_document.h"

namespace yiwang::kiosk {

namespace {

constexpr std::size_t kMaxPayload = 512;

bool digits(std::string_view text, std::size_t at, std::size_t n, int& value) {
  if (at + n > text.size()) return false;
  value = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

}  // namespace

bool valid_order_id(std::string_view order_id) {
  return !order_id.empty() && order_id.size() <= 64 &&
         std::all_of(order_id.begin(), order_id.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
         });
}

ui::QrModules payment_qr(std::string_view payload) {
  ui::QrModules qr;
  if (payload.size() > kMaxPayload || payload.rfind("https://", 0) != 0 ||
      !std::all_of(payload.begin(), payload.end(), [](char c) { return c > 0x20 && c < 0x7f; }))
    return qr;
  try {
    const drivers::Bitmap bitmap = drivers::qr_bitmap(std::string(payload), 1);
    if (bitmap.width != bitmap.height || bitmap.width <= 0) return qr;
    qr.size = bitmap.width;
    qr.dark.resize(static_cast<std::size_t>(qr.size) * qr.size);
    for (int y = 0; y < qr.size; ++y)
      for (int x = 0; x < qr.size; ++x)
        qr.dark[static_cast<std::size_t>(y) * qr.size + x] = bitmap.get(x, y) ? 1 : 0;
  } catch (const std::exception&) {
    qr = ui::QrModules{};  // the writer refused it (too long for a QR code)
  }
  return qr;
}

std::optional<long long> parse_rfc3339_ms(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (text.size() < 20 || !digits(text, 0, 4, year) || text[4] != '-' ||
      !digits(text, 5, 2, month) || text[7] != '-' || !digits(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(text, 11, 2, hour) ||
      text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' ||
      !digits(text, 17, 2, second))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  std::size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    const std::size_t begin = at;
    while (at < text.size() && at - begin < 9 && std::isdigit(static_cast<unsigned char>(text[at])))
      ++at;
    if (at == begin) return std::nullopt;
  }
  long long offset_s = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    int oh = 0, om = 0;
    if (!digits(text, at + 1, 2, oh) || at + 3 >= text.size() || text[at + 3] != ':' ||
        !digits(text, at + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_s = (oh * 3600LL + om * 60LL) * (text[at] == '-' ? -1 : 1);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const std::time_t utc = timegm(&tm);
  return (static_cast<long long>(utc) - offset_s) * 1000LL;
}

}  // namespace yiwang::kiosk
