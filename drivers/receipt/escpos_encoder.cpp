// ESC/POS byte sequences (devices.md); text goes through GB18030.
#include "receipt/escpos_encoder.h"

#include <algorithm>

#include "common/gb18030.h"

namespace yiwang::drivers {

void EscPosEncoder::append(std::initializer_list<std::uint8_t> bytes) {
  bytes_.insert(bytes_.end(), bytes);
}

EscPosEncoder& EscPosEncoder::initialise() {
  append({0x1B, 0x40});
  return *this;
}

EscPosEncoder& EscPosEncoder::bold(bool on) {
  append({0x1B, 0x45, static_cast<std::uint8_t>(on ? 1 : 0)});
  return *this;
}

EscPosEncoder& EscPosEncoder::align(Align alignment) {
  append({0x1B, 0x61, static_cast<std::uint8_t>(alignment)});
  return *this;
}

EscPosEncoder& EscPosEncoder::size(int width, int height) {
  width = std::clamp(width, 1, 8);
  height = std::clamp(height, 1, 8);
  append({0x1D, 0x21, static_cast<std::uint8_t>(16 * (width - 1) + (height - 1))});
  return *this;
}

EscPosEncoder& EscPosEncoder::chinese_mode(bool on) {
  if (on) {
    append({0x1C, 0x26});
  } else {
    append({0x1C, 0x2E});
  }
  return *this;
}

EscPosEncoder& EscPosEncoder::text(std::string_view utf8) {
  auto encoded = utf8_to_gb18030(utf8);
  if (!encoded) {
    bytes_.push_back('?');
    return *this;
  }
  bytes_.insert(bytes_.end(), encoded.value().begin(), encoded.value().end());
  return *this;
}

EscPosEncoder& EscPosEncoder::line(std::string_view utf8) {
  text(utf8);
  bytes_.push_back(0x0A);
  return *this;
}

EscPosEncoder& EscPosEncoder::feed(int lines) {
  append({0x1B, 0x64, static_cast<std::uint8_t>(std::clamp(lines, 0, 255))});
  return *this;
}

EscPosEncoder& EscPosEncoder::cut(bool partial, int feed_lines) {
  append({0x1D, 0x56, static_cast<std::uint8_t>(partial ? 0x42 : 0x41),
          static_cast<std::uint8_t>(std::clamp(feed_lines, 0, 255))});
  return *this;
}

EscPosEncoder& EscPosEncoder::qr(std::string_view data, int module_size, QrErrorCorrection level) {
  append({0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00});
  append({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43,
          static_cast<std::uint8_t>(std::clamp(module_size, 1, 16))});
  append({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, static_cast<std::uint8_t>(level)});
  const std::size_t length = data.size() + 3;
  append({0x1D, 0x28, 0x6B, static_cast<std::uint8_t>(length & 0xFF),
          static_cast<std::uint8_t>(length >> 8), 0x31, 0x50, 0x30});
  bytes_.insert(bytes_.end(), data.begin(), data.end());
  append({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30});
  return *this;
}

EscPosEncoder& EscPosEncoder::raster(const Bitmap& image) {
  const int row_bytes = image.bytes_per_row();
  append({0x1D, 0x76, 0x30, 0x00, static_cast<std::uint8_t>(row_bytes & 0xFF),
          static_cast<std::uint8_t>(row_bytes >> 8), static_cast<std::uint8_t>(image.height & 0xFF),
          static_cast<std::uint8_t>(image.height >> 8)});
  bytes_.insert(bytes_.end(), image.bits.begin(), image.bits.end());
  return *this;
}

EscPosEncoder& EscPosEncoder::transmit_paper_status() {
  append({0x1D, 0x72, 0x01});
  return *this;
}

std::vector<std::uint8_t> realtime_status_request(int n) {
  return {0x10, 0x04, static_cast<std::uint8_t>(std::clamp(n, 1, 4))};
}

std::vector<std::uint8_t> clear_printer_buffers() {
  return {0x10, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08};
}

std::vector<std::uint8_t> transaction_number_request(const std::string& id) {
  std::vector<std::uint8_t> bytes = {0x1D, 0x28, 0x48, 0x06, 0x00, 0x30, 0x30};
  for (std::size_t i = 0; i < 4; ++i) {
    const auto c = i < id.size() ? static_cast<std::uint8_t>(id[i]) : std::uint8_t{'0'};
    bytes.push_back(c >= 32 && c <= 126 ? c : std::uint8_t{'0'});
  }
  return bytes;
}

std::vector<std::uint8_t> paper_sensor_request() { return {0x1D, 0x72, 0x01}; }
std::vector<std::uint8_t> automatic_status_off() { return {0x1D, 0x61, 0x00}; }
std::vector<std::uint8_t> printer_info_request(std::uint8_t n) { return {0x1D, 0x49, n}; }

std::vector<std::uint8_t> realtime_commands(bool enabled) {
  const auto b = static_cast<std::uint8_t>(enabled ? 1 : 0);
  return {0x1D, 0x28, 0x44, 0x05, 0x00, 0x14, 0x01, b, 0x02, b};
}

EscPosEncoder& EscPosEncoder::raw(std::vector<std::uint8_t> bytes) {
  bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
  return *this;
}

}  // namespace yiwang::drivers
