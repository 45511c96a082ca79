// HID POS report parsing, encoding, and the multi-report join.
#include "qr/hid_pos.h"

#include <algorithm>

namespace yiwang::drivers {

Result<HidPosReport, HidPosError> parse_hid_pos_report(std::span<const std::uint8_t> report) {
  if (report.size() != kHidPosReportSize)
    return fail(HidPosError{"report of " + std::to_string(report.size()) + " bytes, not 64"});
  if (report[0] != kHidPosReportId)
    return fail(HidPosError{"report id " + std::to_string(report[0]) + " is not a scan"});
  const std::size_t length = report[1];
  if (length > kHidPosMaxData)
    return fail(HidPosError{"data length " + std::to_string(length) + " over 56"});
  HidPosReport parsed;
  parsed.data.assign(report.begin() + 2, report.begin() + 2 + static_cast<std::ptrdiff_t>(length));
  parsed.symbology = report[62];
  parsed.more = (report[63] & 0x01) != 0;
  return parsed;
}

std::vector<std::vector<std::uint8_t>> encode_hid_pos(std::string_view code,
                                                      std::uint8_t symbology) {
  std::vector<std::vector<std::uint8_t>> reports;
  std::size_t at = 0;
  do {
    const std::size_t n = std::min(kHidPosMaxData, code.size() - at);
    std::vector<std::uint8_t> report(kHidPosReportSize, 0);
    report[0] = kHidPosReportId;
    report[1] = static_cast<std::uint8_t>(n);
    std::copy_n(code.begin() + static_cast<std::ptrdiff_t>(at), n, report.begin() + 2);
    report[62] = symbology;
    at += n;
    report[63] = at < code.size() ? 0x01 : 0x00;
    reports.push_back(std::move(report));
  } while (at < code.size());
  return reports;
}

void HidPosAssembler::reset() {
  partial_report_.clear();
  code_.clear();
  overflowed_ = false;
}

std::vector<ScanEvent> HidPosAssembler::feed(std::span<const std::uint8_t> bytes) {
  std::vector<ScanEvent> events;
  for (std::uint8_t byte : bytes) {
    partial_report_.push_back(byte);
    if (partial_report_.size() < kHidPosReportSize) continue;
    auto report = parse_hid_pos_report(partial_report_);
    partial_report_.clear();
    if (!report) {
      // Whatever code was being joined is incomplete now: dropped, and said so.
      events.push_back({ScanEvent::Kind::rejected, "", report.error().message, {}});
      code_.clear();
      continue;
    }
    if (code_.size() + report.value().data.size() > kMaxScanLength) {
      overflowed_ = true;
    } else {
      code_.append(report.value().data.begin(), report.value().data.end());
    }
    if (report.value().more) continue;
    ScanEvent event;
    if (overflowed_) {
      event = {ScanEvent::Kind::rejected, "", "scan longer than the limit", {}};
    } else if (code_.empty()) {
      event = {ScanEvent::Kind::rejected, "", "empty scan report", {}};
    } else if (has_control_bytes(code_)) {
      event = {ScanEvent::Kind::rejected, "", "scan holds control bytes", {}};
    } else {
      event = {ScanEvent::Kind::scanned, code_, "", {}};
    }
    events.push_back(std::move(event));
    code_.clear();
    overflowed_ = false;
  }
  return events;
}

}  // namespace yiwang::drivers
